/**
 * Lines of the text report for clocks and leases: how many nodes run on a skewed clock and how far
 * off they ended, and per lease name the calls its holders acted on, the stale ones and the
 * conflicts (two holders at once).
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

/** Per lease name, for the lease nodes given: the grants, the calls acted on, the stale ones and the conflicts. */
export function leaseLines(leases: readonly NodeStats[]): string[] {
  const lines: string[] = [];
  const names = [...new Set(leases.map((n) => String(n.extra?.lease)))];
  for (const name of names) {
    const holders = leases.filter((n) => String(n.extra?.lease) === name);
    const sum = (key: string) => holders.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);
    lines.push(
      `lease      ${name}: ${holders.length} node(s), ${sum('grants')} grants, ${sum('acted')} calls acted on, ` +
        `${sum('stale')} after the grant ended, ${sum('conflicts')} while another node held it, ${sum('rejected')} rejected`,
    );
  }
  return lines;
}
