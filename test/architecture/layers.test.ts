/**
 * The layers of src/ point one way (README, Layout): a folder imports only from the rows below
 * it, never from above, not even for a type. Folders on the same row (the model: components, net,
 * load, faults, clocks, broker) may import each other, and no two files import each other in a
 * cycle, except type-only imports inside one folder (one concept).
 */
import { describe, expect, test } from 'vitest';
import { cycles, folderOf, importGraph, importsOf, type ImportEdge } from './imports.js';

/** Rows from the bottom (0) up. A folder not listed here fails the test: place it on purpose. */
export const LAYERS: Record<string, number> = {
  'version.ts': 0,
  engine: 0,
  spec: 1,
  stats: 1,
  trace: 2,
  components: 3,
  net: 3,
  load: 3,
  faults: 3,
  clocks: 3,
  broker: 3,
  process: 4,
  check: 4,
  scenario: 5,
  run: 6,
  report: 7,
  experiments: 8,
  cli: 9,
  'index.ts': 10,
};

function upward(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a !== b && LAYERS[b] > LAYERS[a];
    })
    .map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type-only)' : ''}`);
}

/** The edges that may close a cycle: all but type-only imports inside one folder. */
const cycleEdges = (edges: readonly ImportEdge[]) => edges.filter((e) => !(e.typeOnly && folderOf(e.from) === folderOf(e.to)));

describe('layers', () => {
  const edges = importGraph();

  test('every folder of src/ has a row', () => {
    const unplaced = [...new Set(edges.flatMap((e) => [folderOf(e.from), folderOf(e.to)]))].filter((f) => LAYERS[f] === undefined);
    expect(unplaced).toEqual([]);
  });

  test('no import runs upward', () => {
    expect(upward(edges)).toEqual([]);
  });

  test('no import cycle, except type-only ones inside one folder', () => {
    expect(cycles(cycleEdges(edges))).toEqual([]);
  });
});

describe('the checker itself', () => {
  test('sees static, re-exported, type-only and dynamic imports', () => {
    const text = [
      "import { a } from '../engine/scheduler.js';",
      "import type { B } from '../report/table.js';",
      "import { type C, type D } from './c.js';",
      "import E, { type F } from './e.js';",
      "export { g } from '../stats/percentiles.js';",
      "const h = await import('../experiments/worker.js');",
    ].join('\n');
    expect(importsOf('src/components/x.ts', text)).toEqual([
      { from: 'src/components/x.ts', to: 'src/engine/scheduler.ts', typeOnly: false },
      { from: 'src/components/x.ts', to: 'src/report/table.ts', typeOnly: true },
      { from: 'src/components/x.ts', to: 'src/components/c.ts', typeOnly: true },
      { from: 'src/components/x.ts', to: 'src/components/e.ts', typeOnly: false },
      { from: 'src/components/x.ts', to: 'src/stats/percentiles.ts', typeOnly: false },
      { from: 'src/components/x.ts', to: 'src/experiments/worker.ts', typeOnly: false },
    ]);
  });

  test('flags an upward arrow, even a type-only one, and a cycle', () => {
    const e = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });
    expect(upward([e('src/components/server.ts', 'src/scenario/build.ts', true), e('src/scenario/build.ts', 'src/components/server.ts')])).toEqual([
      'src/components/server.ts -> src/scenario/build.ts (type-only)',
    ]);
    const loop = [e('src/net/a.ts', 'src/faults/b.ts'), e('src/faults/b.ts', 'src/net/a.ts')];
    expect(cycles(cycleEdges(loop))).toEqual([['src/faults/b.ts', 'src/net/a.ts']]);
    const typeLoop = [e('src/net/a.ts', 'src/net/b.ts', true), e('src/net/b.ts', 'src/net/a.ts')];
    expect(cycles(cycleEdges(typeLoop))).toEqual([]);
  });
});
