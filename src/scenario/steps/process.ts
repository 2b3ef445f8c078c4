/**
 * `process`: the end of a chain is a process of the scenario's `processes:` (src/process/chain-step.ts):
 * each call becomes a client operation of one of the processes `to` names.
 */
import { z } from 'zod';
import { NodePattern } from '../../engine/node-pattern.js';
import { BuildError } from '../../engine/errors.js';
import { ProcessStep } from '../../process/chain-step.js';
import { processRuntimeOf } from '../../process/runtime.js';
import { name, strictObject } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface ProcessStepSpec {
  kind: 'process';
  to: string;
  f: string;
  choose: 'round-robin' | 'random' | 'key';
}

export const processStep = stepKind<ProcessStepSpec>()({
  kind: 'process',
  place: 'ends',
  schema: () =>
    strictObject(
      {
        to: name('The processes that take the calls: a node pattern of process addresses, such as n[*].'),
        f: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('call').describe('The operation each call becomes (op.f), such as write. Default call.'),
        choose: z.enum(['round-robin', 'random', 'key']).default('round-robin').describe("Which process takes a call: round-robin, random, or key (the request's key modulo their number). Default round-robin."),
      },
      { expected: 'a map such as { to: n[*], f: write }' },
    )
      .transform((v) => ({ kind: 'process' as const, to: v.to, f: v.f, choose: v.choose }))
      .describe('Ends the chain at a process of processes:: each call becomes a client operation, answered by ctx.reply (ok) or ctx.fail (error).'),
  check: (s, c) => {
    if (c.spec.processes === undefined) c.problem([...c.at, 'to'], 'expected processes: in the scenario for a process step to call; found none');
  },
  build: (s, c) => {
    const runtime = processRuntimeOf(c.sim);
    if (runtime === undefined) throw new BuildError(`${c.path}: a process step needs processes: in the scenario`);
    const pattern = new NodePattern(s.to);
    const targets = runtime.addresses.flatMap((a, i) => (pattern.matches(a) ? [i] : []));
    if (targets.length === 0) throw new BuildError(`${c.path}: process.to "${s.to}" names no process; the processes are ${runtime.addresses.slice(0, 4).join(', ')}`);
    return new ProcessStep(c.sim, c.path, runtime, targets, s.f, s.choose);
  },
});
