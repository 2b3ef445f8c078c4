/**
 * Sizes that are legal but would exhaust the machine: checked against stated limits after the
 * scenario is read and before anything is built, each refusal naming the figure, the limit and
 * the flag that lifts it (`--limit nodes=2000000`). The figures come from the scenario alone:
 * the nodes the system would have, the requests a run is expected to issue, the closed-loop users,
 * the broker listeners, the bytes of a file it reads, and (for compare and sweep) the runs.
 */
import { chainsOf } from './chains.js';
import { meanOf } from '../engine/distributions.js';
import { meanArrivalRatePerMs } from '../load/rate.js';
import type { ArrivalSpec, LoadSpec } from '../spec/scenario.js';
import type { ChainSpec, ScenarioSpec } from './spec.js';
import { didYouMeanHint, quote } from './messages.js';

export const LIMITS = {
  nodes: { limit: 200_000, what: 'nodes in the built system (every step of every chain, every pool member)' },
  requests: { limit: 100_000_000, what: 'requests in one run' },
  users: { limit: 100_000, what: 'closed-loop users' },
  listeners: { limit: 100_000, what: 'broker listeners (consumers x listeners)' },
  'file-size': { limit: 256 * 2 ** 20, what: 'bytes in a file a scenario reads' },
  runs: { limit: 100_000, what: 'runs in one experiment (variants x replications)' },
  calls: { limit: 1_000_000_000, what: 'calls one run can make at worst (requests x the most calls one request can make: retry attempts, hedge copies and fan-outs multiplied along a chain)' },
  tables: { limit: 10_000_000, what: 'entries in the lookup tables the built system holds (consistent-hash ring points, zipf key weights)' },
  'trace-requests': { limit: 100_000, what: 'requests in a run of a chain with --trace (each call and answer is a few lines of trace.jsonl, each with a vector clock of up to one entry per node)' },
  'trace-events': { limit: 200_000, what: 'events in a trace that `lightcone diagram` reads (diagram.html embeds them all)' },
} as const;

export type LimitName = keyof typeof LIMITS;
export type Limits = Record<LimitName, number>;

export const DEFAULT_LIMITS: Limits = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, v.limit])) as Limits;

export class LimitError extends Error {
  constructor(
    message: string,
    /** Where in the scenario the figure comes from (empty: the command). */
    readonly path: (string | number)[],
    readonly hint: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

/** `name=value` from `--limit`, such as `nodes=2000000` or `file-size=1e9`. Throws Error with a message for the user. */
export function parseLimit(text: string): [LimitName, number] {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!(name in LIMITS)) {
    const hint = didYouMeanHint(name, Object.keys(LIMITS));
    throw new Error(`--limit: expected one of ${Object.keys(LIMITS).join(', ')}; found ${quote(name)}${hint ? ` (${hint})` : ''}`);
  }
  const value = Number(text.slice(eq + 1));
  if (eq < 0 || !Number.isFinite(value) || value < 0) throw new Error(`--limit: expected ${name}=N with N a number, such as ${name}=${LIMITS[name as LimitName].limit * 10}; found ${quote(text)}`);
  return [name as LimitName, value];
}

/** The default limits with `--limit` flags applied. */
export function limitsFrom(flags: readonly string[] = []): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const f of flags) {
    const [name, value] = parseLimit(f);
    limits[name] = value;
  }
  return limits;
}

const fmt = (n: number) => (n >= 1e15 ? n.toExponential(2) : Math.round(n).toLocaleString('en-US'));

/** A refusal: the figure, the limit and the flag that lifts it. */
export function overLimit(name: LimitName, limit: number, found: number, path: (string | number)[], detail = ''): LimitError {
  return new LimitError(
    `expected at most ${fmt(limit)} ${LIMITS[name].what}; found ${fmt(found)}${detail}`,
    path,
    `lift the limit with --limit ${name}=${Number.isFinite(found) ? Math.ceil(found) : 'N'} if the machine can take it`,
  );
}

/**
 * Every size limit a scenario can exceed, checked on the spec; the first one exceeded is thrown as
 * a LimitError with the scenario path it comes from.
 */
export function checkLimits(spec: ScenarioSpec, limits: Limits = DEFAULT_LIMITS): void {
  const nodes = countNodes(spec);
  const procs = countProcesses(spec);
  if (nodes.total + procs.total > limits.nodes) {
    if (procs.largest.count > nodes.largest.count) throw overLimit('nodes', limits.nodes, nodes.total + procs.total, procs.largest.path, ` (the largest group: ${fmt(procs.largest.count)})`);
    const detail = nodes.largest.count > 1 ? ` (the largest pool: ${fmt(nodes.largest.count)} members)` : '';
    throw overLimit('nodes', limits.nodes, nodes.total + procs.total, nodes.largest.path, detail);
  }
  // every process and client keeps a vector clock with an entry per process and client
  if (procs.total ** 2 > limits.tables) throw overLimit('tables', limits.tables, procs.total ** 2, procs.largest.path, ` (the vector clocks of ${fmt(procs.total)} processes and clients)`);
  const keys = spec.load.keys;
  const zipf = keys?.zipf !== undefined ? keys.count : 0;
  const tables = nodes.tables + zipf;
  if (tables > limits.tables) {
    const [path, detail] =
      zipf >= nodes.largestTable.count
        ? [['load', 'keys', 'count'], ` (the zipf weights of ${fmt(zipf)} keys)`]
        : [nodes.largestTable.path, ` (the largest ring: ${fmt(nodes.largestTable.count)} points)`];
    throw overLimit('tables', limits.tables, tables, path as (string | number)[], detail);
  }
  if (spec.load.arrivals.kind === 'closed' && spec.load.arrivals.users > limits.users) {
    throw overLimit('users', limits.users, spec.load.arrivals.users, ['load', 'closed', 'users']);
  }
  const listeners = countListeners(spec);
  if (listeners.total > limits.listeners) throw overLimit('listeners', limits.listeners, listeners.total, listeners.path);
  const expected = expectedRequests(spec.load);
  if (expected.count > limits.requests) throw overLimit('requests', limits.requests, expected.count, expected.path, expected.detail);
  const fanout = callsPerRequest(spec);
  const calls = expected.count * fanout.calls;
  if (calls > limits.calls) {
    throw overLimit('calls', limits.calls, calls, fanout.path, ` (${fmt(expected.count)} requests x up to ${fmt(fanout.calls)} calls each)`);
  }
  for (const b of poisonRounds(spec)) {
    const deliveries = expected.count * b.poison * b.rounds;
    if (deliveries > limits.calls) {
      throw overLimit(
        'calls',
        limits.calls,
        deliveries,
        b.path,
        ` (${fmt(expected.count)} requests x ${b.poison * 100}% poison x about ${fmt(b.rounds)} deliveries each: with no max-receives a poison message is delivered again until its retention period, ` +
          `${fmt(b.retentionMs)} ms, and a round of receive, work and nack takes about ${b.roundMs} ms; set max-receives, such as 5, or a nack-delay)`,
      );
    }
  }
}

/**
 * The brokers whose poison messages go round until their retention period (no max-receives), with
 * about how many deliveries each makes: the retention period over a round's mean time, from the
 * consumers' side (nack-delay, a trip each way, compute) plus the work's servers, delays and
 * cables at the top of the consumers' service (a lower bound of the round, so an upper estimate of
 * the deliveries). A round that takes no time is left to the broker's own guard (`ZERO_TIME_NACKS`),
 * which stops such a run at once with its own message.
 */
function poisonRounds(spec: ScenarioSpec): { path: (string | number)[]; poison: number; rounds: number; retentionMs: number; roundMs: number }[] {
  const out: { path: (string | number)[]; poison: number; rounds: number; retentionMs: number; roundMs: number }[] = [];
  for (const { at, steps } of chainsOf(spec)) {
    steps.forEach((s, i) => {
      if (s.kind !== 'broker' || s.maxReceives !== undefined || !(s.poison > 0)) return;
      const c = s.consumers;
      let roundMs = c.nackDelayMs + 2 * meanOf(c.brokerLink?.latency ?? c.latency) + (c.compute !== undefined ? meanOf(c.compute) : 0);
      for (const w of spec.services[c.service] ?? []) {
        if (w.kind === 'server' && w.serviceTime !== undefined) roundMs += meanOf(w.serviceTime);
        else if (w.kind === 'delay') roundMs += meanOf(w.time);
        else if (w.kind === 'cable' || w.kind === 'link') roundMs += 2 * meanOf(w.latency);
      }
      if (!(roundMs > 0) || !Number.isFinite(roundMs)) return;
      out.push({ path: [...at, i, 'broker', 'poison'], poison: s.poison, rounds: s.retentionMs / roundMs, retentionMs: s.retentionMs, roundMs });
    });
  }
  return out;
}

/**
 * The most calls one request can make at worst, over every path through the system: each retry
 * multiplies what follows it by its attempts, a hedge by its copies, a fan-out by its backends. With
 * the step that multiplies most, for the message.
 */
function callsPerRequest(spec: ScenarioSpec): { calls: number; path: (string | number)[] } {
  let path: (string | number)[] = ['topology'];
  let biggest = 1;
  const memo = new Map<string, number>();
  const service = (name: string, depth: number): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, 1); // a service that contains itself is the builder's error to report
    const n = chain(spec.services[name] ?? [], ['services', name], depth + 1);
    memo.set(name, n);
    return n;
  };
  const chain = (steps: ChainSpec, at: (string | number)[], depth: number): number => {
    if (depth > 64) return 1;
    let product = 1;
    steps.forEach((s, i) => {
      let factor = 1;
      let key: string | null = null;
      if (s.kind === 'retry') [factor, key] = [s.attempts, 'attempts'];
      else if (s.kind === 'hedge') [factor, key] = [s.max + 1, 'max'];
      else if (s.kind === 'service') factor = service(s.name, depth);
      else if (s.kind === 'broker') factor = service(s.consumers.service, depth);
      else if (s.kind === 'balancer' || s.kind === 'fan-out') {
        const b = s.backends;
        const member = 'pool' in b ? (spec.pools[b.pool] !== undefined ? service(spec.pools[b.pool].service, depth) : 1) : service(b.service, depth);
        const n = s.kind === 'fan-out' ? ('pool' in b ? (spec.pools[b.pool]?.count ?? 1) : b.count) : 1;
        factor = member * n;
        if (n > biggest) [biggest, path] = [n, [...at, i, s.kind, 'backends']];
      }
      if (key !== null && factor > biggest) [biggest, path] = [factor, [...at, i, s.kind, key]];
      product *= factor;
    });
    return product;
  };
  return { calls: chain(spec.topology, ['topology'], 0), path };
}

/**
 * A run with `--trace` of a scenario without processes (a chain's trace, trace/chain.ts): its
 * expected requests against the `trace-requests` limit. The trace is written as the run goes, but
 * its size grows with them. (A process run's trace is bounded by its operations and `until:`.)
 */
export function checkTraceLimits(spec: ScenarioSpec, limits: Limits = DEFAULT_LIMITS): void {
  if (spec.processes !== undefined) return;
  const expected = expectedRequests(spec.load);
  if (expected.count > limits['trace-requests']) throw overLimit('trace-requests', limits['trace-requests'], expected.count, expected.path, expected.detail);
}

/** The runs of an experiment, against the `runs` limit. */
export function checkRuns(runs: number, limits: Limits = DEFAULT_LIMITS): void {
  if (runs > limits.runs) throw overLimit('runs', limits.runs, runs, []);
}

interface NodeCount {
  total: number;
  largest: { count: number; path: (string | number)[] };
  /** Consistent-hash ring points, every copy of every ring. */
  tables: number;
  largestTable: { count: number; path: (string | number)[] };
}

/** Nodes and ring points of a chain (and of everything it builds). */
interface Size {
  nodes: number;
  tables: number;
}

/** How many processes and workload clients a scenario has, with its largest group. */
function countProcesses(spec: ScenarioSpec): { total: number; largest: { count: number; path: (string | number)[] } } {
  const p = spec.processes;
  if (p === undefined) return { total: 0, largest: { count: 0, path: ['processes'] } };
  let total = 0;
  let largest = { count: 0, path: ['processes'] as (string | number)[] };
  p.groups.forEach((g, i) => {
    const count = g.count ?? 1;
    total += count;
    if (count > largest.count) largest = { count, path: ['processes', i, 'count'] };
  });
  const clients = p.workload?.clients ?? 0;
  total += clients;
  if (clients > largest.count) largest = { count: clients, path: ['workload', 'clients'] };
  return { total, largest };
}

/**
 * How many nodes building the system would create, and how many consistent-hash ring points, without
 * building it (pools counted once, private pools per copy).
 */
function countNodes(spec: ScenarioSpec): NodeCount {
  const perService = new Map<string, Size>();
  const pools = new Set<string>();
  let largest: NodeCount['largest'] = { count: 0, path: ['topology'] };
  let largestTable: NodeCount['largestTable'] = { count: 0, path: ['topology'] };
  const note = (count: number, path: (string | number)[]) => {
    if (count > largest.count) largest = { count, path };
  };
  const service = (name: string, depth: number): Size => {
    const known = perService.get(name);
    if (known !== undefined) return known;
    const steps = spec.services[name];
    if (steps === undefined || depth > 64) return { nodes: 1, tables: 0 }; // an unknown or recursive service is the builder's error to report
    perService.set(name, { nodes: 1, tables: 0 }); // a service that contains itself counts once here
    const n = chain(steps, ['services', name], depth + 1);
    perService.set(name, n);
    return n;
  };
  /** `copies` of a service (or pool member) chain. */
  const times = (copies: number, size: Size): Size => ({ nodes: copies * (1 + size.nodes), tables: copies * size.tables });
  const chain = (steps: ChainSpec, at: (string | number)[], depth: number): Size => {
    let n = 0;
    let t = 0;
    const add = (size: Size) => {
      n += size.nodes;
      t += size.tables;
    };
    steps.forEach((s, i) => {
      n += 1;
      if (s.kind === 'service') add(service(s.name, depth));
      else if (s.kind === 'broker') add(times(s.consumers.count, service(s.consumers.service, depth)));
      else if (s.kind === 'balancer') {
        const b = s.backends;
        let backends = 0;
        if ('pool' in b) {
          const pool = spec.pools[b.pool];
          backends = pool?.count ?? 0;
          if (!pools.has(b.pool)) {
            pools.add(b.pool);
            if (pool !== undefined) {
              add(times(pool.count, service(pool.service, depth)));
              note(pool.count, ['pools', b.pool, 'count']);
            }
          }
        } else {
          backends = b.count;
          add(times(b.count, service(b.service, depth)));
          note(b.count, [...at, i, 'balancer', 'backends', 'count']);
        }
        if (s.strategy === 'consistent-hash') {
          const points = backends * (s.virtualNodes ?? 100);
          t += points;
          if (points > largestTable.count) largestTable = { count: points, path: [...at, i, 'balancer', 'virtual-nodes'] };
        }
      }
      if (!Number.isFinite(n)) n = Infinity;
      if (!Number.isFinite(t)) t = Infinity;
    });
    return { nodes: n, tables: t };
  };
  const total = chain(spec.topology, ['topology'], 0);
  return { total: total.nodes, largest, tables: total.tables, largestTable };
}

function countListeners(spec: ScenarioSpec): { total: number; path: (string | number)[] } {
  let total = 0;
  let path: (string | number)[] = [];
  for (const { at, steps } of chainsOf(spec)) {
    steps.forEach((s, i) => {
      if (s.kind !== 'broker') return;
      const n = s.consumers.count * s.consumers.listeners;
      total += n;
      if (path.length === 0 || n > 0) path = [...at, i, 'broker', 'consumers', 'listeners'];
    });
  }
  return { total, path };
}

/** The requests a run is expected to issue: `requests`, else its mean rate (the peak rate, for MMPP) times the duration. */
function expectedRequests(load: LoadSpec): { count: number; path: (string | number)[]; detail: string } {
  if (load.requests !== undefined) return { count: load.requests, path: ['load', 'requests'], detail: '' };
  const d = load.durationMs ?? 0;
  const count = expectedArrivals(load.arrivals, d);
  const rate = d > 0 ? count / d : 0;
  return { count: Number.isFinite(count) ? count : Infinity, path: ['load', 'duration'], detail: ` (a rate of ${fmt(rate * 1000)}/s for ${fmt(d / 1000)} s)` };
}

function expectedArrivals(a: ArrivalSpec, d: number): number {
  switch (a.kind) {
    case 'poisson':
    case 'constant':
    case 'on-off':
      return (meanArrivalRatePerMs(a) as number) * d;
    case 'instant':
    case 'replay':
      return 0;
    case 'mmpp':
      return d * Math.max(...a.states.map((s) => s.ratePerMs));
    case 'ramp': {
      const over = Math.min(d, a.overMs);
      const at = a.fromPerMs + ((a.toPerMs - a.fromPerMs) * over) / Math.max(a.overMs, 1e-300);
      return ((a.fromPerMs + at) / 2) * over + a.toPerMs * (d - over);
    }
    case 'daily':
      return a.meanPerMs * d + (a.meanPerMs * Math.abs(a.amplitude) * Math.min(d, a.periodMs)) / Math.PI; // the cosine adds at most period/pi of peak rate
    case 'closed':
      return (a.users * d) / Math.max(meanOf(a.think), 1e-9);
  }
}
