/**
 * The determinism check (`--double`): a component that draws from Math.random instead of its
 * stream (test-only, injected through simulate's step registry) is caught, with the first event
 * where the two runs of one seed differ.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Caller, Node } from '../../src/engine/node.js';
import type { EventTarget } from '../../src/engine/scheduler.js';
import type { Call, Outcome } from '../../src/engine/request.js';
import type { Simulation } from '../../src/engine/simulation.js';
import { strictObject } from '../../src/scenario/schema/primitives.js';
import { stepKind, type StepRegistry } from '../../src/scenario/steps/step.js';
import { STEPS } from '../../src/scenario/steps/index.js';
import { runSeed } from '../../src/experiments/hunt.js';
import { Fingerprint, divergence } from '../../src/engine/fingerprint.js';
import { simulate } from '../../src/run/simulate.js';
import { spec, exp } from '../helpers.js';

/** Holds each call for a time drawn from Math.random after the first `after` calls: nondeterministic. */
class Jitter implements Node, Caller, EventTarget {
  readonly kind = 'jitter';
  private calls = 0;
  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly after: number,
    private readonly downstream: Node,
  ) {}
  call(call: Call): void {
    const wait = ++this.calls > this.after ? Math.random() * 5 : 1;
    this.sim.sched.after(wait, this, 0, call);
  }
  fire(_kind: number, arg: unknown): void {
    (arg as Call).send(this.downstream, this);
  }
  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }
}

const jitter = stepKind<{ kind: 'jitter'; after: number }>()({
  kind: 'jitter',
  place: 'wraps',
  schema: () => strictObject({ after: z.number() }).transform((v) => ({ kind: 'jitter' as const, after: v.after })),
  build: (s, c) => new Jitter(c.sim, c.path, s.after, c.next),
});

const STEPS_WITH_JITTER = [...STEPS, jitter] as unknown as StepRegistry;

function scenario(after: number) {
  const s = spec({
    load: { arrivals: { kind: 'poisson', intervalMs: 10 }, requests: 50 },
    topology: [{ kind: 'jitter', after } as never, { kind: 'server', concurrency: 1, serviceTime: exp(5) } as never],
  });
  return { spec: s, file: 'jitter.yaml', text: '', hash: 'sha256:test', overrides: [], warnings: [] };
}

describe('the determinism check', () => {
  test('a component that reads Math.random is caught at the first event where the runs differ', () => {
    const r = runSeed(scenario(10), 7, true, { steps: STEPS_WITH_JITTER });
    expect(r.divergence).toBeDefined();
    const d = r.divergence!;
    // the 11th call is the first to draw from Math.random; everything before it agrees
    expect(d.event).toBeGreaterThan(20);
    expect(d.description).toMatch(/^event \d+: at [\d.]+ ms .* in the first run, at [\d.]+ ms .* in the second/);
    // the events before it are identical in both runs
    const a = new Fingerprint();
    const b = new Fingerprint();
    simulate(scenario(10), { seed: 7, steps: STEPS_WITH_JITTER, fingerprint: a });
    simulate(scenario(10), { seed: 7, steps: STEPS_WITH_JITTER, fingerprint: b });
    const again = divergence(a, b)!;
    for (let i = 0; i < again.event - 1; i++) expect(a.at(i)).toEqual(b.at(i));
    expect(a.at(again.event - 1)).not.toEqual(b.at(again.event - 1));
  });

  test('the same component without the random draws passes', () => {
    const r = runSeed(scenario(1000), 7, true, { steps: STEPS_WITH_JITTER });
    expect(r.divergence).toBeUndefined();
  });
});
