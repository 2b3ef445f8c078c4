/**
 * `balancer`: spreads calls over a pool of backends by a strategy (src/components/balancer.ts,
 * src/components/strategies/); it ends its chain. Its backends are a named pool, shared by the
 * balancers that name it, or a private pool of a service.
 */
import { z } from 'zod';
import { Balancer } from '../../components/balancer.js';
import { makeStrategy } from '../../components/strategies/index.js';
import { rngStream } from '../../engine/rng.js';
import { BuildError } from '../../engine/errors.js';
import {
  BACKEND_INFO_STRATEGIES,
  STRATEGIES,
  TIE_BREAKS,
  type BackendsSpec,
  type InfoSpec,
  type Strategy,
  type TieBreak,
} from '../../spec/scenario.js';
import { expecting, keysNeeded, say, unknownValue } from '../messages.js';
import { backendsSchema } from '../schema/pool.js';
import { count, duration, strictObject, type IssueParams } from '../schema/primitives.js';
import { stepKind } from './step.js';

export interface BalancerStepSpec {
  kind: 'balancer';
  strategy: Strategy;
  backends: BackendsSpec;
  tieBreak: TieBreak;
  errorHoldMs: number;
  info: InfoSpec;
  /** best-of, least-requests: how many backends to sample. */
  choices?: number;
  /** weighted-random, weighted-round-robin: one weight per backend (default: their speeds). */
  weights?: number[];
  /** consistent-hash: points per backend on the ring (default 100). */
  virtualNodes?: number;
  /** shuffle-shard: backends in each key's shard. */
  shardSize?: number;
}

/** `best-of-3` is `best-of` with `choices: 3`. */
const BEST_OF_N = /^best-of-([1-9][0-9]*)$/;
const STRATEGY_NAMES = [...STRATEGIES, 'best-of-N'];

export const balancer = stepKind<BalancerStepSpec>()({
  kind: 'balancer',
  place: 'ends',
  schema: () =>
    strictObject(
      {
        strategy: z
          .string({ error: expecting(`a strategy, one of: ${STRATEGY_NAMES.join(', ')}`) })
          .superRefine((v, ctx) => {
            if (!(STRATEGIES as readonly string[]).includes(v) && !BEST_OF_N.test(v)) {
              ctx.addIssue({ code: 'custom', input: v, message: unknownValue('strategy', v, STRATEGY_NAMES) });
            }
          })
          .meta({ anyOf: [{ enum: [...STRATEGIES] }, { pattern: BEST_OF_N.source }] })
          .describe('How to choose a backend for each request (best-of-N: best-of with choices N).'),
        backends: backendsSchema(),
        'tie-break': z
          .enum(TIE_BREAKS)
          .default('random')
          .describe('How to choose between equally good backends. Default random.'),
        'error-hold': duration('How long a backend that returned an error is avoided, such as 1s. Default 0ms.').prefault(
          '0ms',
        ),
        info: strictObject(
          {
            source: z
              .enum(['own', 'backend'])
              .optional()
              .describe(
                'own: the balancer counts its own outstanding calls; backend: it sees the calls inside each backend from every balancer. Default backend for two-choices, best-of and jsq, own otherwise.',
              ),
            refresh: duration('See the load as a snapshot refreshed this often, such as 10s.', { period: true }).optional(),
            delay: duration('See the load as it was this long ago, such as 1s.', { positive: true }).optional(),
          },
          { expected: 'a map such as { refresh: 10s }' },
        )
          .optional()
          .describe("What the balancer knows of its backends' load, and how stale it is."),
        choices: count(1, 'best-of, least-requests: how many distinct backends to sample (default 2).').optional(),
        weights: z
          .array(z.number().positive(), { error: expecting('a list of positive weights such as [3, 1, 1]') })
          .min(1)
          .optional()
          .describe("weighted-random, weighted-round-robin: one weight per backend (default: the backends' speeds)."),
        'virtual-nodes': count(1, 'consistent-hash: points per backend on the ring (default 100).').optional(),
        'shard-size': count(1, "shuffle-shard: how many backends each key's shard holds.").optional(),
      },
      { expected: 'a map such as { strategy: random, backends: dynos }' },
    )
      .transform((v, ctx) => {
        const bestOf = BEST_OF_N.exec(v.strategy);
        const strategy = (bestOf ? 'best-of' : v.strategy) as Strategy;
        const choices = bestOf ? Number(bestOf[1]) : v.choices;
        const params: IssueParams = { at: 'key' };
        // Options a strategy does not use are ignored, so that one scenario can compare strategies
        // (--vary topology[0].balancer.strategy=random,shuffle-shard with shard-size set).
        if (v.choices !== undefined && bestOf && v.choices !== choices) {
          ctx.issues.push({
            code: 'custom',
            path: ['choices'],
            input: v,
            params,
            message: `expected choices to agree with ${v.strategy}; found choices: ${v.choices}`,
          });
        }
        if (strategy === 'shuffle-shard' && v['shard-size'] === undefined) {
          ctx.issues.push({ code: 'custom', input: v, message: say('expected shard-size with shuffle-shard; found none', 'for example shard-size: 4') });
        }
        if (v.info?.refresh !== undefined && v.info.delay !== undefined) {
          ctx.issues.push({ code: 'custom', path: ['info', 'delay'], input: v, params, message: 'expected either refresh or delay; found both' });
        }
        const info: InfoSpec = {
          source: v.info?.source ?? (BACKEND_INFO_STRATEGIES.includes(strategy) ? 'backend' : 'own'),
          ...(v.info?.refresh !== undefined && { refreshMs: v.info.refresh }),
          ...(v.info?.delay !== undefined && { delayMs: v.info.delay }),
        };
        const sampled = strategy === 'best-of' || strategy === 'least-requests';
        return {
          kind: 'balancer' as const,
          strategy,
          backends: v.backends,
          tieBreak: v['tie-break'],
          errorHoldMs: v['error-hold'],
          info,
          ...(sampled && { choices: choices ?? 2 }),
          ...(v.weights !== undefined && { weights: v.weights }),
          ...(strategy === 'consistent-hash' && { virtualNodes: v['virtual-nodes'] ?? 100 }),
          ...(v['shard-size'] !== undefined && { shardSize: v['shard-size'] }),
        };
      })
      .describe('Spreads requests over a pool of backends.'),
  check(s, c) {
    const b = s.backends;
    const count = 'pool' in b ? c.spec.pools[b.pool]?.count : b.count;
    if (count !== undefined && s.weights !== undefined && s.weights.length !== count) {
      c.problem([...c.at, 'weights'], `expected one weight per backend (${count}); found ${s.weights.length}`);
    }
    if (count !== undefined && s.shardSize !== undefined && s.shardSize > count) {
      c.problem([...c.at, 'shard-size'], `expected a shard of at most the ${count} backends; found ${s.shardSize}`);
    }
    if ((s.strategy === 'consistent-hash' || s.strategy === 'shuffle-shard') && c.spec.load.keys === undefined) {
      c.problem([...c.at, 'strategy'], keysNeeded(s.strategy));
    }
    const path = [...c.at, 'backends'];
    if ('pool' in b) c.pool(b.pool, path);
    else c.service(b.service, [...path, 'service']);
  },
  needsGauges: (s) => s.info.source === 'backend',
  build(s, c) {
    const f = c.backends(s.backends, c.path);
    const n = f.members.length;
    const weights = s.weights;
    if (weights !== undefined && weights.length !== n) {
      throw new BuildError(`${c.path}: expected one weight per backend (${n}); found ${weights.length}`);
    }
    const strategy = makeStrategy(
      s.strategy,
      { tieBreak: s.tieBreak, choices: s.choices, weights, virtualNodes: s.virtualNodes, shardSize: s.shardSize },
      { n, speeds: f.speeds, shardRng: (key) => rngStream(c.sim.seed, `${c.path}/shard/${key}`) },
    );
    return new Balancer(c.sim, c.path, strategy, f.members, {
      strategy: s.strategy,
      errorHoldMs: s.errorHoldMs,
      info: s.info,
      backendLoad: f.load,
    });
  },
});
