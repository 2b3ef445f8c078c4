/** The schema of `faults:`, a list of single-key maps like steps: partition, flaky, crash, pause, slow. */
import { z } from 'zod';
import type { FaultSpec } from '../../spec/scenario.js';
import { expecting, say } from '../messages.js';
import { distribution, period } from './distribution.js';
import { duration, probability, strictObject, type IssueParams, type SchemaOptions } from './primitives.js';

/** The kinds of scheduled fault, in the order the JSON Schema lists them. */
export const FAULT_KINDS = ['partition', 'flaky', 'crash', 'pause', 'slow'] as const;

/** How a random partition splits its addresses (Jepsen's partition-random-halves, partition-random-node, partition-majorities-ring). */
export const PARTITION_SPLITS = ['halves', 'one', 'majorities-ring'] as const;

export function faultSchema(options: SchemaOptions) {
  const dist = distribution(options);
  const serverTarget = (what: string) =>
    z.string().min(1).describe(`The nodes to ${what} (servers, lease steps, processes): a node pattern such as dynos[3]/server, balancer/dyno[0..9]/server or n[0..1].`);
  const group = z
    .union([z.string().min(1).transform((p) => [p]), z.array(z.string().min(1)).min(1)], {
      error: expecting('a node pattern such as balancer, or a list of them such as [balancer/dyno[0..3]/**]'),
    })
    .describe('A group of nodes: a node pattern or a list of them (* matches within a path segment, ** across, [a..b] a range of indices).');
  const kinds = {
    partition: strictObject(
      {
        between: z
          .array(group, { error: expecting('two groups of nodes such as [[balancer], [balancer/dyno[0..3]/**]]') })
          .describe('A scheduled partition: the two groups, A and B, each a node pattern or a list of them. Links between a node of one and a node of the other are cut.')
          .optional(),
        at: duration('When the partition starts, such as 10s. Random partitions: when the first starts (default: after one draw of every).').optional(),
        heal: duration('When it heals, such as 20s. Default: never.').optional(),
        among: group
          .describe('Random partitions: the process addresses to split, a node pattern or a list of them such as n[*]. Each time, the seed picks the groups (see split).')
          .optional(),
        split: z
          .enum(PARTITION_SPLITS)
          .describe(
            'Random partitions: how the addresses are split each time (Jepsen\'s partitioners). halves: shuffled, then cut into two halves (the first the smaller). one: one address, drawn, cut off from the rest. majorities-ring: shuffled onto a ring, each address keeps the links to its nearest neighbours, enough to see a bare majority, and loses the others, so every address sees a majority and no two see the same one (at least 4 addresses). Default halves.',
          )
          .optional(),
        every: period(dist).describe('Random partitions: the time from one partition\'s start to the next, such as 10s or exp(10s); a partition still in effect then is replaced by the next.').optional(),
        for: dist.describe('Random partitions: how long each lasts, such as 2s or exp(2s).').optional(),
        direction: z
          .enum(['both', 'a-to-b', 'b-to-a'])
          .default('both')
          .describe('Which messages are lost: both ways, only those from A to B, or only those from B to A (random partitions: A is the first half, or the one address). Default both.'),
      },
      { expected: 'a map such as { between: [[balancer], [balancer/dyno[0..3]/**]], at: 10s, heal: 20s } or { among: "n[*]", every: exp(10s), for: exp(2s) }' },
    )
      .transform((v, ctx) => {
        const text = (ms: number) => (ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);
        const params: IssueParams = { at: 'key' };
        if (v.among !== undefined) {
          // random partitions
          const scheduledKey = v.between !== undefined ? 'between' : v.heal !== undefined ? 'heal' : undefined;
          if (scheduledKey !== undefined) {
            const found = scheduledKey === 'between' ? 'found both' : 'found heal, which only a scheduled partition has (each random partition lasts a draw of for)';
            ctx.issues.push({ code: 'custom', path: [scheduledKey], input: v, params, message: say(`expected either between (a scheduled partition) or among (random partitions); ${found}`, 'a scheduled partition has between, at and heal; random partitions have among, split, every and for') });
            return z.NEVER;
          }
          if (v.every === undefined || v.for === undefined) {
            const missing = [v.every === undefined && 'every', v.for === undefined && 'for'].filter(Boolean).join(' and ');
            ctx.issues.push({ code: 'custom', input: v, message: say(`expected every and for with among (random partitions); found no ${missing}`, 'for example partition: { among: "n[*]", every: exp(10s), for: exp(2s) }') });
            return z.NEVER;
          }
          const split = v.split ?? 'halves';
          if (split === 'majorities-ring' && v.direction !== 'both') {
            ctx.issues.push({ code: 'custom', path: ['direction'], input: v.direction, message: `expected direction both with split majorities-ring (a ring has no A and B); found ${v.direction}` });
            return z.NEVER;
          }
          return {
            kind: 'partition' as const,
            among: v.among,
            split,
            ...(v.at !== undefined && { atMs: v.at }),
            every: v.every,
            for: v.for,
            direction: v.direction,
          };
        }
        const randomKey = v.split !== undefined ? 'split' : v.every !== undefined ? 'every' : v.for !== undefined ? 'for' : undefined;
        if (randomKey !== undefined && v.between !== undefined) {
          ctx.issues.push({ code: 'custom', path: [randomKey], input: v, params, message: say(`expected ${randomKey} only with among (random partitions); a partition with between is scheduled by at and heal`, 'for random partitions write { among: "n[*]", every: exp(10s), for: exp(2s) }') });
          return z.NEVER;
        }
        if (v.between === undefined) {
          ctx.issues.push({ code: 'custom', input: v, message: say('expected between (a scheduled partition) or among (random partitions); found neither', 'for example partition: { between: [[balancer], [balancer/dyno[0..3]/**]], at: 10s, heal: 20s } or { among: "n[*]", every: exp(10s), for: exp(2s) }') });
          return z.NEVER;
        }
        if (v.between.length !== 2) {
          ctx.issues.push({ code: 'custom', path: ['between'], input: v.between, message: `expected two groups (A and B); found ${v.between.length}` });
          return z.NEVER;
        }
        if (v.at === undefined) {
          ctx.issues.push({ code: 'custom', input: v, message: say('expected at (when the partition starts); found none', 'for example partition: { between: [[balancer], [balancer/dyno[0..3]/**]], at: 10s, heal: 20s }') });
          return z.NEVER;
        }
        if (v.heal !== undefined && v.heal <= v.at) {
          ctx.issues.push({ code: 'custom', path: ['heal'], input: v.heal, message: `expected heal after at (${text(v.at)}); found ${text(v.heal)}` });
          return z.NEVER;
        }
        return {
          kind: 'partition' as const,
          between: [v.between[0], v.between[1]] as [string[], string[]],
          atMs: v.at,
          ...(v.heal !== undefined && { healMs: v.heal }),
          direction: v.direction,
        };
      })
      .describe('Cuts the links between two groups of nodes, both ways or one way, from at until heal; or, with among, random partitions of processes: every so often the seed splits their addresses (halves, one, majorities-ring) for a while.'),
    flaky: strictObject(
      {
        target: z
          .string()
          .min(1)
          .describe('The links to make flaky: a pattern of link ids such as balancer/dyno[0..3]/link, or of process addresses such as n[0] (every message from or to a matching process).'),
        at: duration('When the window opens, such as 10s.'),
        for: duration('How long it lasts, such as 5s.', { positive: true }),
        loss: probability('The share of messages lost during the window, on top of the links\' own loss, such as 50%.'),
      },
      { expected: 'a map such as { target: balancer/dyno[0]/link, at: 10s, for: 5s, loss: 50% }' },
    )
      .transform((v) => ({ kind: 'flaky' as const, target: v.target, atMs: v.at, forMs: v.for, loss: v.loss }))
      .describe('Makes links, or the messages from and to processes, drop a share of their messages for a window.'),
    crash: strictObject(
      {
        target: serverTarget('crash'),
        at: duration('When they crash, such as 10s (or give mtbf and mttr).').optional(),
        'restart-after': duration('How long they stay down before restarting empty, such as 5s. Default: they never restart.', { positive: true }).optional(),
        mtbf: duration('Random crashes: the mean time between failures (up times are exponential, starting up), such as 60s.', { period: true }).optional(),
        mttr: duration('Random crashes: the mean time to restart (down times are exponential), such as 5s.', { period: true }).optional(),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, restart-after: 5s }' },
    )
      .transform((v, ctx) => {
        const params: IssueParams = { at: 'key' };
        const scheduled = v.at !== undefined || v['restart-after'] !== undefined;
        if (v.mtbf !== undefined || v.mttr !== undefined) {
          if (scheduled) {
            const key = v.at !== undefined ? 'at' : 'restart-after';
            ctx.issues.push({ code: 'custom', path: [key], input: v, params, message: 'expected either at (and restart-after) or mtbf and mttr; found both' });
            return z.NEVER;
          }
          if (v.mtbf === undefined || v.mttr === undefined) {
            const [has, lacks] = v.mtbf === undefined ? ['mttr', 'mtbf'] : ['mtbf', 'mttr'];
            ctx.issues.push({ code: 'custom', input: v, message: say(`expected mtbf and mttr together; found ${has} without ${lacks}`, 'for example mtbf: 60s, mttr: 5s') });
            return z.NEVER;
          }
          return { kind: 'crash' as const, target: v.target, mtbfMs: v.mtbf, mttrMs: v.mttr };
        }
        if (v.at === undefined) {
          const message = say('expected at (when the crash happens) or mtbf and mttr; found neither', 'for example crash: { target: dynos[3]/server, at: 10s, restart-after: 5s }');
          ctx.issues.push({ code: 'custom', input: v, message });
          return z.NEVER;
        }
        return { kind: 'crash' as const, target: v.target, atMs: v.at, ...(v['restart-after'] !== undefined && { restartAfterMs: v['restart-after'] }) };
      })
      .describe('Crashes servers (every call in them, and every call that arrives while they are down, is lost: callers time out; they restart with an empty queue) or processes (their object, timers and held messages are lost, their durable storage kept; restart(ctx) at the restart).'),
    pause: strictObject(
      {
        target: serverTarget('pause'),
        at: duration('When the pause (the first, with every) starts, such as 10s. Default with every: after one draw of every.').optional(),
        every: period(dist).describe('Periodic pauses: the time from one pause start to the next, such as 5s or exp(5s).').optional(),
        for: dist.describe('How long each pause lasts: a duration such as 200ms or a distribution such as exp(50ms).'),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, for: 200ms }' },
    )
      .transform((v, ctx) => {
        if (v.at === undefined && v.every === undefined) {
          const message = say('expected at (one pause) or every (periodic pauses); found neither', 'for example pause: { target: dynos[3]/server, every: 5s, for: exp(50ms) }');
          ctx.issues.push({ code: 'custom', input: v, message });
          return z.NEVER;
        }
        return {
          kind: 'pause' as const,
          target: v.target,
          ...(v.at !== undefined && { atMs: v.at }),
          ...(v.every !== undefined && { every: v.every }),
          for: v.for,
        };
      })
      .describe('Stop-the-world pauses (such as GC): a server serves and finishes nothing, service in progress is stretched, the queue keeps growing; a process handles nothing (its messages, timers and operations wait) while its local clock runs on.'),
    slow: strictObject(
      {
        target: z.string().min(1).describe('The servers or processes to slow down: a node pattern such as dynos[3]/server or n[0..1].'),
        at: duration('When the slowdown starts, such as 10s.'),
        for: duration('How long it lasts, such as 30s. Default: to the end of the run.', { positive: true }).optional(),
        factor: z
          .number()
          .positive()
          .describe(
            'The service times of the calls that start during the slowdown are multiplied by this, such as 3. A process (no service time) has its network interface clogged: every message it sends or receives during the slowdown takes factor times the delay its wire drew.',
          ),
      },
      { expected: 'a map such as { target: dynos[3]/server, at: 10s, for: 30s, factor: 3 }' },
    )
      .transform((v) => ({ kind: 'slow' as const, target: v.target, atMs: v.at, ...(v.for !== undefined && { forMs: v.for }), factor: v.factor }))
      .describe('Slows servers down for a window (service times multiplied by factor), or clogs processes (their messages\' network delay multiplied by factor).'),
  } satisfies Record<(typeof FAULT_KINDS)[number], z.ZodType>;
  type Kinds = typeof kinds;
  const optional = Object.fromEntries(FAULT_KINDS.map((k) => [k, (kinds[k as keyof Kinds] as z.ZodType).optional()])) as {
    [K in keyof Kinds]: z.ZodOptional<Kinds[K]>;
  };
  const all = FAULT_KINDS as readonly string[];
  return strictObject(optional, { noun: 'fault', expected: 'a fault such as { crash: { target: dynos[3], at: 10s } }' })
    .transform((v, ctx) => {
      const present = all.filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (present.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          input: v,
          message:
            present.length === 0
              ? `expected a fault, one of: ${all.join(', ') || '(none yet)'}; found an empty map`
              : `expected one fault per list item; found ${present.length}: ${present.join(', ')}`,
        });
        return z.NEVER;
      }
      return (v as Record<string, unknown>)[present[0]] as FaultSpec;
    })
    .meta({ id: 'fault', minProperties: 1, maxProperties: 1, description: 'One scheduled fault: a map with exactly one key.' });
}
