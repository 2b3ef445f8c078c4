/** Fault windows reach the run's series and are shaded on the latency-over-time chart. */
import { test, expect } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/run/simulate.js';
import { latencyOverTimeSpec, faultBands } from '../../src/report/charts/latency-over-time.js';
import { renderSvg } from '../../src/report/render.js';

test('overlapping windows of one kind merge into one band', () => {
  expect(
    faultBands([
      { node: 'a', kind: 'crash', start: 10, end: 20 },
      { node: 'b', kind: 'crash', start: 15, end: 30 },
      { node: 'c', kind: 'crash', start: 40, end: 50 },
      { node: 'a', kind: 'pause', start: 12, end: 13 },
    ]),
  ).toEqual([
    { kind: 'crash', start: 10, end: 30, nodes: 2 },
    { kind: 'crash', start: 40, end: 50, nodes: 1 },
    { kind: 'pause', start: 12, end: 13, nodes: 1 },
  ]);
});

test('a partition run has its window in the series and a shaded band on the chart', async () => {
  const { series } = simulate(loadScenario('scenarios/faults/partition.yaml'), { series: true });
  const partition = series?.faults?.find((f) => f.kind === 'partition');
  expect(partition).toBeDefined();
  expect(partition!.end).toBeGreaterThan(partition!.start);
  const spec = latencyOverTimeSpec([{ name: 'run', windowMs: series!.windowMs, latency: series!.latency, faults: series!.faults }]);
  const svg = await renderSvg(spec);
  expect(svg).toContain('opacity="0.12"');
  const none = await renderSvg(latencyOverTimeSpec([{ name: 'run', windowMs: series!.windowMs, latency: series!.latency }]));
  expect(none).not.toContain('opacity="0.12"');
});
