/**
 * Lines of the text report for clocks and leases: how many nodes run on a skewed clock and how far
 * off they ended, and per lease name the calls its holders acted on and what became of their writes.
 */
import type { NodeStats } from '../engine/node.js';
import type { NodeSummary } from './figures.js';

const ms = (v: number) => v.toFixed(1);

/** How many nodes run on a skewed clock, and how far off they ended. */
export function clockLines(nodes: readonly NodeSummary[]): string[] {
  const skewed = nodes.filter((n) => n.clock !== undefined);
  if (skewed.length === 0) return [];
  const errors = skewed.map((n) => n.clock!.errorMs);
  const lo = Math.min(...errors);
  const hi = Math.max(...errors);
  const range = lo === hi ? `${ms(lo)} ms` : `from ${ms(lo)} to ${ms(hi)} ms`;
  return [`clocks     ${skewed.length} node(s) with a skewed clock; final error (local - true) ${range}`];
}

/**
 * Per lease name, for the lease nodes given: the grants, the calls acted on and rejected, and what
 * became of the writes at the protected resource: how many landed after the writer's grant had
 * ended, how many out of turn (conflicts: two holders' writes interleaved), how many fenced.
 */
export function leaseLines(leases: readonly NodeStats[]): string[] {
  const lines: string[] = [];
  const names = [...new Set(leases.map((n) => String(n.extra?.lease)))];
  for (const name of names) {
    const holders = leases.filter((n) => String(n.extra?.lease) === name);
    const sum = (key: string) => holders.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);
    const fencing = holders.some((n) => n.extra?.fencing === true);
    lines.push(
      `lease      ${name}: ${holders.length} node(s), ${sum('grants')} grants, ${sum('acted')} calls acted on, ${sum('rejected')} rejected; ` +
        `${sum('writes')} writes, ${sum('expiredAtWork')} after the grant ended, ${sum('conflicts')} conflicts (out of turn), ` +
        (fencing ? `${sum('fenced')} fenced` : 'no fencing'),
    );
  }
  return lines;
}
