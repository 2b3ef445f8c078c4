/** The text report's line about node faults (crash, pause, slow), when any server was armed with one. */
import type { NodeStats } from '../engine/node.js';

export function nodeFaultLines(nodes: readonly NodeStats[]): string[] {
  const has = (key: string) => nodes.filter((n) => n.extra?.[key] !== undefined);
  const total = (list: NodeStats[], key: string) => list.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const crashed = has('crashes');
  const paused = has('pauses');
  const slowed = has('slowdowns');
  const parts: string[] = [];
  if (crashed.length > 0) {
    const lost = total(crashed, 'lostInCrash') + total(crashed, 'lostWhileDown');
    parts.push(`${count(total(crashed, 'crashes'), 'crash', 'crashes')} on ${crashed.length} node(s), ${(total(crashed, 'downMs') / 1000).toFixed(3)} s down, ${lost} calls lost`);
  }
  if (paused.length > 0) {
    parts.push(`${count(total(paused, 'pauses'), 'pause')} on ${paused.length} node(s), ${(total(paused, 'pausedMs') / 1000).toFixed(3)} s paused`);
  }
  if (slowed.length > 0) parts.push(`${count(total(slowed, 'slowdowns'), 'slowdown')} on ${slowed.length} node(s)`);
  return parts.length > 0 ? [`faults     ${parts.join('; ')}`] : [];
}
