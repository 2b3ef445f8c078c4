/**
 * The schema of a scenario's processes: `program:` (the user's code), `processes:` (groups of
 * addressed processes of a kind), `network:` (the links between them), `workload:` (clients
 * issuing operations) and `until:`. See process/ and NOTES-README.
 */
import { z } from 'zod';
import { resolve } from 'node:path';
import { BANDWIDTH, BANDWIDTH_PATTERN, parseBandwidth } from '../sizes.js';
import { expecting } from '../messages.js';
import { distribution } from './distribution.js';
import { count, duration, name, parsedWith, probability, rate, size, strictObject, type SchemaOptions } from './primitives.js';
import type { NetworkLinkSpec, ScriptedOp } from '../../spec/process.js';

const GROUP_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export function programSchema(options: SchemaOptions) {
  return z
    .string({ error: expecting('the path of a TypeScript or JavaScript file, such as lock.ts') })
    .min(1)
    .transform((p) => resolve(options.baseDir, p))
    .describe('The program: a TypeScript or JavaScript file, relative to the scenario file, that exports the process kinds and invariants. A scenario without one runs no code.');
}

export function processesSchema() {
  return z
    .array(
      strictObject(
        {
          name: z.string().regex(GROUP_NAME, { error: expecting('a name such as n or replica (a letter, then letters, digits, _ or -)') }).describe('The group name: its processes are name[0], name[1], ... (or name alone without count).'),
          kind: name('The process kind: the name the program exports it under, such as Replica.'),
          count: count(1, 'How many processes: addresses name[0] .. name[count-1]. Default: one process, addressed name.').optional(),
        },
        { expected: 'a map such as { name: n, kind: Replica, count: 3 }' },
      ).transform((v) => ({ name: v.name, kind: v.kind, ...(v.count !== undefined && { count: v.count }) })),
      { error: expecting('a list of process groups such as [{ name: n, kind: Replica, count: 3 }]') },
    )
    .min(1)
    .describe('The processes: groups of addressed processes, each of a kind the program exports.');
}

function linkFields(options: SchemaOptions, defaults: boolean) {
  const dist = distribution(options);
  return {
    latency: defaults
      ? dist.describe('The time each message takes, drawn per message, such as uniform(1ms, 5ms). Default 1ms.').optional()
      : dist.describe('The time each message takes, drawn per message.').optional(),
    loss: probability('The probability that a message is lost, such as 1%. Default 0.').optional(),
    duplicate: probability('The probability that a message that is not lost is delivered twice. Default 0.').optional(),
    reorder: strictObject(
      {
        probability: probability('The share of messages delayed further, such as 10%.'),
        extra: dist.describe('The further delay, such as exp(5ms).'),
      },
      { expected: 'a map such as { probability: 10%, extra: exp(5ms) }' },
    )
      .optional()
      .describe('Forces reordering: a share of the messages is delayed by a further extra. Default: none.'),
    bandwidth: z
      .string({ error: expecting(BANDWIDTH) })
      .transform(parsedWith(parseBandwidth))
      .meta({ description: 'Data per unit of time, such as 10Mbit/s: each message takes message-size / bandwidth to transmit, one at a time per pair. Default: unlimited.', pattern: BANDWIDTH_PATTERN })
      .optional(),
    'message-size': size('The size every message is counted at for the bandwidth, such as 1KB. Default 1KB.').optional(),
  };
}

type LinkInput = { latency?: NetworkLinkSpec['latency']; loss?: number; duplicate?: number; reorder?: NetworkLinkSpec['reorder']; bandwidth?: number; 'message-size'?: number };

function linkOf(v: LinkInput, base: NetworkLinkSpec): NetworkLinkSpec {
  const reorder = v.reorder ?? base.reorder;
  const bandwidth = v.bandwidth ?? base.bandwidthBytesPerMs;
  return {
    latency: v.latency ?? base.latency,
    loss: v.loss ?? base.loss,
    duplicate: v.duplicate ?? base.duplicate,
    ...(reorder !== undefined && { reorder }),
    ...(bandwidth !== undefined && { bandwidthBytesPerMs: bandwidth }),
    messageBytes: v['message-size'] ?? base.messageBytes,
  };
}

const BASE: NetworkLinkSpec = { latency: { kind: 'constant', value: 1 } as NetworkLinkSpec['latency'], loss: 0, duplicate: 0, messageBytes: 1024 };

export function networkSchema(options: SchemaOptions) {
  const pair = strictObject(
    {
      from: name('The senders: a node pattern of process addresses, such as n[*].'),
      to: name('The receivers: a node pattern, such as storage.'),
      ...linkFields(options, false),
    },
    { expected: 'a map such as { from: n[*], to: storage, latency: 10ms }' },
  );
  return strictObject(
    {
      ...linkFields(options, true),
      links: z.array(pair, { error: expecting('a list of overrides such as [{ from: n[0], to: n[1], loss: 10% }]') }).optional().describe('Settings for the pairs that match (from, to); a later entry wins; unset settings come from the defaults above.'),
    },
    { expected: 'a map such as { latency: uniform(1ms, 5ms), loss: 1% }' },
  ).transform((v) => {
    const defaults = linkOf(v, BASE);
    return { defaults, links: (v.links ?? []).map((l) => ({ from: l.from, to: l.to, link: linkOf(l, defaults) })) };
  });
}

/** One operation of a written-out workload: `{ at: 120ms, client: 0, to: n[0], f: write, value: 3 }`. */
function scriptedOp() {
  return strictObject(
    {
      at: duration('When the client issues it (or when its previous operation completes, if later), such as 120ms.'),
      client: count(0, 'The client that issues it: 0 for client[0].'),
      to: z.string({ error: expecting('a process address such as n[0]') }).min(1).describe('The process that takes it: an address such as n[0].'),
      f: z.string({ error: expecting('an operation name such as write') }).regex(/^[a-z][a-z0-9_-]*$/, { error: expecting('an operation name such as write') }).describe('What to do: read, write, cas, or any name the program handles.'),
      key: count(0, 'A kv workload: the key.').optional(),
      value: z.unknown().optional().describe('write: the value; cas: [expected, new]; read: none.'),
    },
    { expected: 'a map such as { at: 120ms, client: 0, to: n[0], f: write, value: 3 }' },
  ).transform((v): ScriptedOp => ({ atMs: v.at, client: v.client, to: v.to, f: v.f, ...(v.key !== undefined && { key: v.key }), ...(v.value !== undefined && { value: v.value }) }));
}

export function workloadSchema(options: SchemaOptions) {
  const dist = distribution(options);
  return strictObject(
    {
      clients: count(1, 'How many clients, client[0] .. client[n-1]; each runs one operation at a time. Default 1.').default(1),
      to: z
        .union([z.string().min(1).transform((p) => [p]), z.array(z.string().min(1)).min(1)], { error: expecting('a node pattern such as n[*], or a list of them') })
        .optional()
        .describe('The processes that take operations: a node pattern or a list. Default: every process.'),
      choose: z.enum(['same', 'round-robin', 'random']).optional().meta({ default: 'same' }).describe('Which of them takes an operation: same (client i always uses the i-th, cycling), round-robin, or random. Default same.'),
      rate: rate('Open loop: operations arrive at this rate in all, such as 100/s, each to an idle client (waiting for one when all are busy). Default: closed loop.').optional(),
      think: dist.describe('Closed loop: how long a client waits between a completion and its next operation, such as exp(10ms). Default 0ms.').optional(),
      operations: z
        .union([count(0, 'How many operations in all.'), z.array(scriptedOp(), { error: expecting('a list of operations such as [{ at: 120ms, client: 0, to: n[0], f: write, value: 3 }]') })], {
          error: expecting('a number of operations such as 100, or a list of operations such as [{ at: 120ms, client: 0, to: n[0], f: write, value: 3 }]'),
        })
        .describe('How many operations in all; or the operations themselves, written out (the shrinker writes this form): each issued at its time by its client, or when that client\'s previous operation completes if that is later. Nothing is drawn then: to, choose, rate, think, mix, values and keys do not apply.'),
      timeout: duration('A client gives up on an operation after this long: it completes as info (it may or may not have happened), such as 1s.', { positive: true }),
      mix: z
        .record(z.string().regex(/^[a-z][a-z0-9_-]*$/), z.number().positive())
        .optional()
        .meta({ default: { write: 1 } })
        .describe('The operations and their weights, such as { read: 0.5, write: 0.3, cas: 0.2 }. Default { write: 1 }.'),
      values: z
        .tuple([z.int(), z.int()], { error: expecting('a range of integers such as [1, 5]') })
        .optional()
        .meta({ default: [1, 5] })
        .describe('Written and compared values are integers drawn uniformly from this range, inclusive. Default [1, 5].'),
      keys: count(1, 'A key-value workload: each operation names a key from 0 to keys - 1 (check with model kv). Default: no keys (one register).').optional(),
    },
    { expected: 'a map such as { clients: 3, operations: 100, timeout: 1s, mix: { read: 0.5, write: 0.5 } }' },
  ).transform((v, ctx) => {
    if (Array.isArray(v.operations)) {
      // written out: nothing to draw, so the settings of the draws would be silently ignored
      for (const key of ['to', 'choose', 'rate', 'think', 'mix', 'values', 'keys'] as const) {
        if (v[key] !== undefined) {
          ctx.issues.push({ code: 'custom', path: [key], input: v[key], message: `expected no ${key} with a list of operations (each operation says its client, process, f and value); found ${key}` });
          return z.NEVER;
        }
      }
      const bad = v.operations.findIndex((op) => op.client >= v.clients);
      if (bad >= 0) {
        ctx.issues.push({ code: 'custom', path: ['operations', bad, 'client'], input: v.operations[bad].client, message: `expected a client from 0 to ${v.clients - 1} (clients: ${v.clients}); found ${v.operations[bad].client}` });
        return z.NEVER;
      }
      return {
        clients: v.clients,
        to: [...new Set(v.operations.map((op) => op.to))],
        choose: 'same' as const,
        think: { kind: 'constant', value: 0 } as NetworkLinkSpec['latency'],
        operations: v.operations.length,
        timeoutMs: v.timeout,
        mix: [],
        values: [0, 0] as [number, number],
        script: v.operations,
      };
    }
    const values = v.values ?? [1, 5];
    if (values[1] < values[0]) {
      ctx.issues.push({ code: 'custom', path: ['values'], input: values, message: `expected a range [low, high] with low <= high; found [${values[0]}, ${values[1]}]` });
      return z.NEVER;
    }
    if (v.rate !== undefined && v.think !== undefined) {
      ctx.issues.push({ code: 'custom', path: ['think'], input: v.think, message: 'expected rate (open loop) or think (closed loop); found both' });
      return z.NEVER;
    }
    return {
      clients: v.clients,
      to: v.to ?? ['**'],
      choose: v.choose ?? 'same',
      ...(v.rate !== undefined && { ratePerMs: v.rate }),
      think: v.think ?? ({ kind: 'constant', value: 0 } as NetworkLinkSpec['latency']),
      operations: v.operations,
      timeoutMs: v.timeout,
      mix: Object.entries(v.mix ?? { write: 1 }).map(([f, weight]) => ({ f, weight })),
      values: [values[0], values[1]] as [number, number],
      ...(v.keys !== undefined && { keys: v.keys }),
    };
  });
}
