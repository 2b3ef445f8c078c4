/**
 * The text report's lines for client policies: per-attempt latency on the retry line, and one line
 * each for hedges, circuit breakers, rate limits and concurrency limits (`table.ts` prints them).
 */
import type { NodeStats } from '../engine/node.js';

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);

/** Policy nodes with a line of their own in the text report (besides retry). */
export const POLICY_KINDS = ['hedge', 'circuit-breaker', 'rate-limit', 'concurrency-limit'];

const sum = (nodes: NodeStats[], key: string) => nodes.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);

/**
 * `; 1200 attempts, latency (ms) mean 12.3, p50 10.0, p99 50.0`: the attempts of retry or hedge nodes;
 * percentiles only for a single node (they cannot be merged), the mean over all.
 */
export function attemptsText(nodes: NodeStats[]): string {
  type A = { count: number; mean: number | null; p50: number | null; p99: number | null };
  const all = nodes.map((n) => n.extra?.attempts as A | undefined).filter((a): a is A => a !== undefined && a.count > 0);
  if (all.length === 0) return '';
  const count = all.reduce((a, b) => a + b.count, 0);
  const mean = all.reduce((a, b) => a + (b.mean ?? 0) * b.count, 0) / count;
  const one = all.length === 1 && nodes.length === 1 ? `, p50 ${fmt(all[0].p50, 3)}, p99 ${fmt(all[0].p99, 3)}` : '';
  return `; ${count} attempts, latency (ms) mean ${fmt(mean, 3)}${one}`;
}

/** One line per kind of client policy present: hedges, breakers, rate and concurrency limits. */
export function policyLines(nodes: NodeStats[]): string[] {
  const lines: string[] = [];
  const of = (kind: string) => nodes.filter((n) => n.kind === kind);
  const hedges = of('hedge');
  if (hedges.length > 0) {
    lines.push(`hedge      ${hedges.length} node(s), ${sum(hedges, 'hedges')} hedges sent, ${sum(hedges, 'won')} won${attemptsText(hedges)}`);
  }
  const breakers = of('circuit-breaker');
  if (breakers.length > 0) {
    lines.push(
      `breaker    ${breakers.length} node(s), opened ${sum(breakers, 'opened')} times, open ${fmt(sum(breakers, 'timeOpenMs') / 1000, 3)} s in all, ${sum(breakers, 'rejected')} calls rejected`,
    );
  }
  const rates = of('rate-limit');
  if (rates.length > 0) lines.push(`rate-limit ${rates.length} node(s), ${sum(rates, 'rejected')} of ${rates.reduce((a, n) => a + n.calls, 0)} calls rejected`);
  const limits = of('concurrency-limit');
  if (limits.length > 0) {
    type L = { min: number; max: number; final: number; mean: number };
    const limit = limits.length === 1 ? (limits[0].extra?.limit as L | undefined) : undefined;
    const adaptive = limit ? `; limit min ${fmt(limit.min, 2)}, mean ${fmt(limit.mean, 2)}, max ${fmt(limit.max, 2)}, final ${fmt(limit.final, 2)}` : '';
    lines.push(`concurrency-limit ${limits.length} node(s), ${sum(limits, 'rejected')} calls rejected, ${sum(limits, 'queued')} queued${adaptive}`);
  }
  return lines;
}
