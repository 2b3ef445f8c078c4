/**
 * A step kind that exists only in tests: `tag: { label: blue }` passes every call on unchanged and
 * counts them. It is what a new step kind takes: this one module, and one line in a registry.
 */
import { plainStats, type Caller, type Node, type NodeStats, type Observed } from '../../../src/engine/node.js';
import type { Call, Outcome } from '../../../src/engine/request.js';
import type { Simulation } from '../../../src/engine/simulation.js';
import { name, strictObject } from '../../../src/scenario/schema/primitives.js';
import { stepKind } from '../../../src/scenario/steps/step.js';

/** The component: passes each call to the next step, and its answer back. */
export class Tag implements Node, Caller, Observed {
  readonly kind = 'tag';
  private calls = 0;

  constructor(
    sim: Simulation,
    readonly id: string,
    private readonly label: string,
    private readonly downstream: Node,
  ) {
    sim.observe(this);
  }

  call(call: Call): void {
    this.calls++;
    call.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    call.reply(outcome);
  }

  stats(): NodeStats {
    return plainStats(this, this.calls, { label: this.label });
  }
}

export interface TagStepSpec {
  kind: 'tag';
  label: string;
}

export const tag = stepKind<TagStepSpec>()({
  kind: 'tag',
  place: 'wraps',
  schema: () =>
    strictObject({ label: name('A label for the calls that pass, such as blue.') }, { expected: 'a map such as { label: blue }' })
      .transform((v) => ({ kind: 'tag' as const, label: v.label }))
      .describe('Passes every call on unchanged, and counts them.'),
  build: (s, c) => new Tag(c.sim, c.path, s.label, c.next),
});
