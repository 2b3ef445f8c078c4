/**
 * The text report's lines for client policies and failing nodes: one line per kind present, for
 * the nodes of that kind (faulty, retry, hedge, circuit-breaker, rate-limit, concurrency-limit),
 * read from the figures each component reports. The step kinds (src/scenario/steps/) name them.
 */
import type { NodeStats } from '../engine/node.js';

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
const pct = (v: number) => (Number.isNaN(v) ? '-' : `${(v * 100).toFixed(3)}%`);

const sum = (nodes: readonly NodeStats[], key: string) => nodes.reduce((a, n) => a + Number(n.extra?.[key] ?? 0), 0);

/**
 * `; 1200 attempts, latency (ms) mean 12.3, p50 10.0, p99 50.0`: the attempts of retry or hedge nodes;
 * percentiles only for a single node (they cannot be merged), the mean over all.
 */
export function attemptsText(nodes: readonly NodeStats[]): string {
  type A = { count: number; mean: number | null; p50: number | null; p99: number | null };
  const all = nodes.map((n) => n.extra?.attempts as A | undefined).filter((a): a is A => a !== undefined && a.count > 0);
  if (all.length === 0) return '';
  const count = all.reduce((a, b) => a + b.count, 0);
  const mean = all.reduce((a, b) => a + (b.mean ?? 0) * b.count, 0) / count;
  const one = all.length === 1 && nodes.length === 1 ? `, p50 ${fmt(all[0].p50, 3)}, p99 ${fmt(all[0].p99, 3)}` : '';
  return `; ${count} attempts, latency (ms) mean ${fmt(mean, 3)}${one}`;
}

export function faultyLines(failures: readonly NodeStats[]): string[] {
  const avail = failures.reduce((a, n) => a + Number(n.extra?.availability ?? 1), 0) / failures.length;
  const errs = failures.reduce((a, n) => a + Number(n.extra?.errors ?? 0), 0);
  return [`faulty     ${failures.length} node(s), mean availability ${pct(avail)}, ${errs} calls answered with an error while down`];
}

export function retryLines(retries: readonly NodeStats[]): string[] {
  return [`retry      ${retries.length} node(s), ${sum(retries, 'retries')} retries sent${attemptsText(retries)}`];
}

export function hedgeLines(hedges: readonly NodeStats[]): string[] {
  return [`hedge      ${hedges.length} node(s), ${sum(hedges, 'hedges')} hedges sent, ${sum(hedges, 'won')} won${attemptsText(hedges)}`];
}

export function circuitBreakerLines(breakers: readonly NodeStats[]): string[] {
  return [
    `breaker    ${breakers.length} node(s), opened ${sum(breakers, 'opened')} times, open ${fmt(sum(breakers, 'timeOpenMs') / 1000, 3)} s in all, ${sum(breakers, 'rejected')} calls rejected`,
  ];
}

export function rateLimitLines(rates: readonly NodeStats[]): string[] {
  return [`rate-limit ${rates.length} node(s), ${sum(rates, 'rejected')} of ${rates.reduce((a, n) => a + n.calls, 0)} calls rejected`];
}

export function concurrencyLimitLines(limits: readonly NodeStats[]): string[] {
  type L = { min: number; max: number; final: number; mean: number };
  const limit = limits.length === 1 ? (limits[0].extra?.limit as L | undefined) : undefined;
  const adaptive = limit ? `; limit min ${fmt(limit.min, 2)}, mean ${fmt(limit.mean, 2)}, max ${fmt(limit.max, 2)}, final ${fmt(limit.final, 2)}` : '';
  return [`concurrency-limit ${limits.length} node(s), ${sum(limits, 'rejected')} calls rejected, ${sum(limits, 'queued')} queued${adaptive}`];
}

/** `fan-out    1 node(s), 5000 calls to 100 backends each, waiting for 95: 4990 ok, 10 failed, 41200 calls abandoned`. */
export function fanOutLines(nodes: readonly NodeStats[]): string[] {
  return nodes.map(
    (n) =>
      `fan-out    ${n.id}: ${n.calls} calls to ${n.extra?.backends} backends each, waiting for ${n.extra?.need}: ${n.extra?.ok} ok, ${n.extra?.failed} failed, ${n.extra?.abandoned} calls abandoned`,
  );
}
