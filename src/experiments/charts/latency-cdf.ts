/** Latency CDF: one line per variant (a colour and a dash each), latency on a log axis, fraction of requests at or below it. */
import { CONFIG, HEIGHT, SCHEMA, WIDTH, round, variantColor, variantDash, type TopLevelSpec } from '../../report/charts/common.js';

export interface CdfVariant {
  name: string;
  /** Points of the CDF: latency in ms at each fraction (as VariantResult.cdf). */
  cdf: { fraction: number; latency: number }[];
}

export function latencyCdfSpec(variants: readonly CdfVariant[], subtitle = 'measured requests of every replication, merged'): TopLevelSpec {
  const names = variants.map((v) => v.name);
  const values = variants.flatMap((v) =>
    v.cdf
      .filter((p) => p.latency > 0 && Number.isFinite(p.latency) && Number.isFinite(p.fraction))
      .map((p) => ({ variant: v.name, latency: round(p.latency), fraction: round(p.fraction) })),
  );
  return {
    $schema: SCHEMA,
    title: { text: 'Latency CDF', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'latency', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'latency (ms, log scale)' },
      y: { field: 'fraction', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'requests at or below (%)' },
      color: variantColor(names, { lines: true }),
      strokeDash: variantDash(names),
      order: { field: 'fraction', type: 'quantitative' },
      tooltip: [
        { field: 'variant', type: 'nominal' },
        { field: 'latency', type: 'quantitative', title: 'latency (ms)', format: '.1f' },
        { field: 'fraction', type: 'quantitative', format: '.2%' },
      ],
    },
  };
}
