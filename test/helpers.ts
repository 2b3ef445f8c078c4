/** Test helpers: scenarios built in code, run with history. */
import { simulate, type SimulateOptions } from '../src/run/simulate.js';
import type { ScenarioSpec, ChainSpec } from '../src/scenario/spec.js';
import type { ClientRequest as Request } from '../src/load/request.js';
import type { DistSpec } from '../src/engine/distributions.js';

export const constant = (value: number): DistSpec => ({ kind: 'constant', value });
export const exp = (mean: number): DistSpec => ({ kind: 'exp', mean });

export function spec(over: Partial<ScenarioSpec> & { topology: ChainSpec }): ScenarioSpec {
  return {
    name: 'test',
    seed: 1,
    load: { arrivals: { kind: 'constant', intervalMs: 10 }, requests: 3 },
    warmup: { kind: 'requests', count: 0 },
    cooldown: { kind: 'requests', count: 0 },
    roundExponential: false,
    history: true,
    services: {},
    pools: {},
    faults: [],
    ...over,
  };
}

export function run(s: ScenarioSpec, options: SimulateOptions = {}) {
  const requests: Request[] = [];
  const result = simulate(
    { spec: s, file: 'test.yaml', text: '', hash: 'sha256:test', overrides: [], warnings: [] },
    { ...options, onRequest: (r) => { requests.push(r); options.onRequest?.(r); } },
  );
  requests.sort((a, b) => a.id - b.id);
  return { ...result, requests };
}

/** A request's history as [node, event, time] triples. */
export const trace = (r: Request) => (r.history ?? []).map((h) => [h.node, h.event, h.time]);
