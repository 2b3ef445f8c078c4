/**
 * Per-backend request share: each backend's fraction of the requests its balancer(s) sent, to show
 * herding. Up to BARS_MAX backends, a bar per backend (grouped by variant); beyond, the shares
 * sorted from the busiest backend down, a line per variant (a colour and a dash each). The dashed rule is the fair share 1/n.
 *
 * Which balancer: the one with the most backends (the pool); when several have that many (Heroku's
 * Bamboo routers over one shared pool), their counts are added up, which is the load each backend
 * received from all of them.
 */
import type { RunSeries } from '../../run/series.js';
import { CONFIG, HEIGHT, SCHEMA, WIDTH, round, variantColor, variantDash, type TopLevelSpec } from './common.js';

/** Up to this many backends a bar each; beyond, sorted shares. */
export const BARS_MAX = 20;

export interface ShareSeries {
  name: string;
  shares: RunSeries['shares'];
}

export interface PoolShares {
  /** The balancers counted, in their order. */
  balancers: string[];
  /** Calls sent to each backend, summed over `balancers`. */
  sent: number[];
}

/** The balancers with the most backends, and their per-backend counts added up. Null if none. */
export function poolShares(shares: RunSeries['shares']): PoolShares | null {
  const n = Math.max(0, ...shares.map((s) => s.sent.length));
  if (n === 0) return null;
  const chosen = shares.filter((s) => s.sent.length === n);
  const sent = new Array<number>(n).fill(0);
  for (const s of chosen) s.sent.forEach((c, i) => (sent[i] += c));
  return { balancers: chosen.map((s) => s.balancer), sent };
}

/** Whether any variant has balancer counts to draw. */
export function hasShares(variants: readonly ShareSeries[]): boolean {
  return variants.some((v) => poolShares(v.shares) !== null);
}

export function backendShareSpec(variants: readonly ShareSeries[]): TopLevelSpec {
  const names = variants.map((v) => v.name);
  const pools = variants.map((v) => ({ name: v.name, pool: poolShares(v.shares) }));
  const n = Math.max(0, ...pools.map((p) => p.pool?.sent.length ?? 0));
  const sameSize = pools.every((p) => p.pool === null || p.pool.sent.length === n);
  const counted = [...new Set(pools.map((p) => (p.pool === null ? '' : p.pool.balancers.join(', '))).filter((b) => b !== ''))];
  const first = pools.find((p) => p.pool !== null)?.pool ?? null;
  const who =
    first === null
      ? ''
      : counted.length > 1
        ? 'sent by the balancer(s) with the most backends'
        : first.balancers.length === 1
          ? `sent by ${first.balancers[0]}`
          : `sent by ${first.balancers.length} balancers, added up`;
  const rows = pools.flatMap(({ name, pool }) => {
    if (pool === null) return [];
    const total = pool.sent.reduce((a, b) => a + b, 0) || 1;
    const shares = pool.sent.map((c, i) => ({ backend: i, calls: c, share: round(c / total) }));
    if (n > BARS_MAX) shares.sort((a, b) => b.share - a.share || a.backend - b.backend);
    return shares.map((s, rank) => ({ variant: name, ...s, rank: rank + 1 }));
  });
  const fair = sameSize && n > 0 ? [{ layer: 'fair', share: round(1 / n) }] : [];
  const rule = {
    data: { values: fair },
    mark: { type: 'rule' as const, strokeDash: [4, 3], color: '#444' },
    encoding: { y: { field: 'share', type: 'quantitative' as const } },
  };
  const tooltip = [
    { field: 'variant', type: 'nominal' as const },
    { field: 'backend', type: 'ordinal' as const, title: 'backend index' },
    { field: 'calls', type: 'quantitative' as const },
    { field: 'share', type: 'quantitative' as const, format: '.2%' },
  ];
  const y = { field: 'share', type: 'quantitative' as const, title: 'share of requests (%)', axis: { format: '.1%' } };
  const main =
    n <= BARS_MAX
      ? {
          data: { values: rows },
          mark: { type: 'bar' as const },
          encoding: {
            x: { field: 'backend', type: 'ordinal' as const, title: 'backend (index in pool)', axis: { labelAngle: 0 } },
            xOffset: { field: 'variant', type: 'nominal' as const, sort: names },
            y,
            color: variantColor(names),
            tooltip,
          },
        }
      : {
          data: { values: rows },
          mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 2 },
          encoding: {
            x: { field: 'rank', type: 'quantitative' as const, title: 'backends, busiest first (rank)', scale: { domain: [1, n], nice: false } },
            y,
            color: variantColor(names, { lines: true }),
            strokeDash: variantDash(names),
            order: { field: 'rank', type: 'quantitative' as const },
            tooltip: [...tooltip, { field: 'rank', type: 'quantitative' as const }],
          },
        };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Request share per backend',
      subtitle: `${n} backends, ${who}${fair.length > 0 ? '; dashed: fair share 1/n' : ''}`,
    },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: fair.length > 0 ? [main, rule] : [main],
  };
}
