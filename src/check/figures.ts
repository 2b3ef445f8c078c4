/**
 * The `checks:` of a scenario: assertions over a run's figures, such as `lease.conflicts == 0`,
 * `success >= 99%`, `p99 < 500ms` or `nodes["leaders[0]/lease"].conflicts == 0`. This module holds
 * the grammar, the figures a check may name, and the parser; `run/checks.ts` evaluates them over a
 * run's summary, and the scenario schema (`scenario/schema/checks.ts`) validates them on load.
 *
 * Grammar (spaces around the operator are optional):
 *
 *     check   := figure op number unit?
 *     figure  := summary-figure | kind "." node-figure | "nodes[" '"' pattern '"' "]." node-figure
 *     op      := "==" | "!=" | "<" | "<=" | ">" | ">="
 *     unit    := "%" | "ms" | "s"
 *
 * - A summary figure is a path in the run's summary (`summary.json`, the same names): `success`,
 *   `latency.p99`, `latencyOk.p50`, `requests.timeout`, `requests.measured.ok`, `throughput.goodput`,
 *   `queueing.meanWaitMs`, `run.events`, `apdex.score`... The latency percentiles have short names:
 *   `p99` is `latency.p99`, `mean` is `latency.mean`.
 * - `kind.figure` (`lease.conflicts`, `broker.duplicates`, `retry.retries`, `server.dropped`) is a
 *   figure of every node of that step kind in the run: counts are summed over them, other figures
 *   (latencies, utilizations, maxima) take the worst, the largest (the smallest for `faulty.availability`).
 *   The scenario must have a step of that kind.
 * - `nodes["pattern"].figure` names nodes as fault targets do (`leaders[0]/lease`,
 *   `leaders[*]/lease`, `broker/worker[0..3]`): the figure over the nodes the pattern matches, as
 *   above; the pattern must match a node of the built system.
 * - Units: `%` for fractions (`success >= 99%` is `success >= 0.99`; a bare fraction is allowed
 *   too), `ms` or `s` for times (required: `p99 < 500` is an error), none for counts and rates.
 */

import { CHECK_OPERATORS, type Aggregate, type CheckOperator, type CheckSpec, type Dimension, type FigureInfo, type FigureTarget } from '../spec/checks.js';

export { CHECK_OPERATORS };
export type { Aggregate, CheckOperator, CheckSpec, Dimension, FigureInfo, FigureTarget } from '../spec/checks.js';

const LATENCY = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const;
const OUTCOME_NAMES = ['total', 'ok', 'error', 'timeout', 'dropped', 'rejected', 'inFlight'] as const;

const f = (dimension: Dimension, aggregate: Aggregate = dimension === 'count' ? 'sum' : 'max'): FigureInfo => ({ dimension, aggregate });

/** The figures of a run's summary a check may name, by path. */
const SUMMARY_FIGURES: Readonly<Record<string, FigureInfo>> = Object.freeze({
  success: f('fraction'),
  ...Object.fromEntries(LATENCY.map((p) => [`latency.${p}`, f('ms')])),
  ...Object.fromEntries(LATENCY.map((p) => [`latencyOk.${p}`, f('ms')])),
  'latency.count': f('count'),
  'latencyOk.count': f('count'),
  ...Object.fromEntries(OUTCOME_NAMES.map((o) => [`requests.${o}`, f('count')])),
  ...Object.fromEntries(OUTCOME_NAMES.map((o) => [`requests.measured.${o}`, f('count')])),
  'throughput.requestRate': f('number'),
  'throughput.responseRate': f('number'),
  'throughput.goodput': f('number'),
  'queueing.waitedFraction': f('fraction'),
  'queueing.meanWaitMs': f('ms'),
  'queueing.meanInSystem': f('number'),
  'run.simulatedMs': f('ms'),
  'run.events': f('count'),
  'apdex.score': f('fraction'),
});

/** Short names: `p99` is `latency.p99`. */
const FIGURE_ALIASES: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(LATENCY.map((p) => [p, `latency.${p}`])));

/** Figures every node has (`calls`) or every node that holds requests has (utilization, queue). */
const NODE_FIGURES: Record<string, FigureInfo> = {
  calls: f('count'),
  utilization: f('fraction'),
  'queue.mean': f('number'),
  'queue.max': f('number'),
  'queue.meanWait': f('ms'),
};

/** Whether `figure` is one of every node's own figures (in its summary, not under its `extra`). */
export function isNodeFigure(figure: string): boolean {
  return Object.hasOwn(NODE_FIGURES, figure);
}

const attempts = { 'attempts.mean': f('number'), 'attempts.p50': f('number'), 'attempts.p99': f('number') };

/**
 * Each step kind's own figures (its `extra` in the summary's nodes), by kind. A component that
 * gains a figure adds it here to make it checkable.
 */
export const KIND_FIGURES: Readonly<Record<string, Readonly<Record<string, FigureInfo>>>> = Object.freeze({
  lease: {
    grants: f('count'),
    acted: f('count'),
    rejected: f('count'),
    writes: f('count'),
    expiredAtWork: f('count'),
    conflicts: f('count'),
    fenced: f('count'),
    grantRequests: f('count'),
    grantTimeouts: f('count'),
    lateGrants: f('count'),
    timedOut: f('count'),
  },
  broker: {
    sent: f('count'),
    processed: f('count'),
    deadLettered: f('count'),
    expired: f('count'),
    receives: f('count'),
    emptyReceives: f('count'),
    deliveries: f('count'),
    duplicates: f('count'),
    processedTwice: f('count'),
    redeliveries: f('count'),
    visibilityTimeouts: f('count'),
    nacks: f('count'),
    staleAcks: f('count'),
    staleNacks: f('count'),
    'remaining.visible': f('count'),
    'remaining.delayed': f('count'),
    'remaining.inFlight': f('count'),
    'inFlight.mean': f('number'),
    'inFlight.max': f('number'),
    throughput: f('number'),
    ...Object.fromEntries(LATENCY.map((p) => [`endToEnd.${p}`, f('ms')])),
    // with a broker-link, or a partition that names the consumers
    ...Object.fromEntries(
      ['messages', 'lost', 'partitioned', 'duplicated', 'reordered', 'lostReceives', 'lostAnswers', 'lostDeliveries', 'lostAcks', 'lostNacks', 'receiveTimeouts', 'abandoned'].map((k) => [
        `consumerLink.${k}`,
        f('count'),
      ]),
    ),
  },
  consumer: {
    receives: f('count'),
    emptyReceives: f('count'),
    received: f('count'),
    acks: f('count'),
    nacks: f('count'),
    'inWork.mean': f('number'),
    'inWork.max': f('number'),
    receiveTimeouts: f('count'),
    abandoned: f('count'),
    ...Object.fromEntries(['receives', 'answers', 'deliveries', 'acks', 'nacks'].map((k) => [`lostOnLink.${k}`, f('count')])),
    ...Object.fromEntries(['messages', 'lost', 'partitioned', 'duplicated', 'reordered'].map((k) => [`link.${k}`, f('count')])),
  },
  retry: { retries: f('count'), ...attempts },
  hedge: { hedges: f('count'), won: f('count'), lateAnswers: f('count'), ...attempts },
  timeout: { timeouts: f('count'), lateAnswers: f('count') },
  server: {
    pauses: f('count'),
    pausedMs: f('ms'),
    dropped: f('count'),
    'droppedBy.overflow': f('count'),
    'droppedBy.deadline': f('count'),
    'droppedBy.codel': f('count'),
    rejected: f('count'),
    blocked: f('count'),
    withdrawn: f('count'),
    maxWait: f('ms'),
    slowdowns: f('count'),
  },
  'concurrency-limit': { rejected: f('count'), queued: f('count'), maxInFlight: f('number') },
  'fan-out': { ok: f('count'), failed: f('count'), abandoned: f('count') },
  faulty: { failures: f('count'), errors: f('count'), availability: f('fraction', 'min') },
  link: { messages: f('count'), lost: f('count'), partitioned: f('count'), duplicated: f('count'), reordered: f('count'), bytes: f('count') },
  balancer: {},
  'rate-limit': {},
  'circuit-breaker': {},
  cable: {},
  delay: {},
});

/** The figures of a node of `kind`: its own and the common ones. */
export function nodeFigures(kind: string): Record<string, FigureInfo> {
  return { ...NODE_FIGURES, ...(KIND_FIGURES[kind] ?? {}) };
}

/** A check that cannot be read; `offset` is where in the text, `unknown`/`candidates` feed "did you mean". */
export class CheckSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly unknown?: { word: string; candidates: string[] },
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CheckSyntaxError';
  }
}

const SHAPE = /^\s*(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*$/s;
const NUMBER = /^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%|ms|s)?$/;
const NODES = /^nodes\["([^"]*)"\]\.(.+)$/;
const EXAMPLE = 'such as "lease.conflicts == 0", "success >= 99%" or "p99 < 500ms"';

/** Reads one check. Throws CheckSyntaxError. */
export function parseCheck(text: string): CheckSpec {
  const shape = SHAPE.exec(text);
  if (shape === null || shape[1] === '') {
    throw new CheckSyntaxError(`expected a check ${EXAMPLE}: a figure, an operator among ${CHECK_OPERATORS.join(' ')}, and a number; found ${JSON.stringify(text)}`, 0);
  }
  const [, figureText, opText, numberText] = shape;
  const numberAt = numberText === '' ? text.length : text.lastIndexOf(numberText);
  const figureAt = text.indexOf(figureText);
  if (/[=<>!]/.test(numberText) || /[=<>!]$/.test(figureText)) {
    throw new CheckSyntaxError(`expected one operator among ${CHECK_OPERATORS.join(' ')}; found more in ${JSON.stringify(text)}`, numberAt);
  }
  const { target, figure, info } = parseFigure(figureText, figureAt);
  const num = NUMBER.exec(numberText);
  if (num === null) {
    throw new CheckSyntaxError(
      `expected a number after ${opText}, with an optional unit %, ms or s; found ${numberText === '' ? 'nothing' : JSON.stringify(numberText)}`,
      numberAt,
    );
  }
  const value = Number(num[1]);
  const unit = num[2] as CheckSpec['unit'];
  const name = figureText;
  if (unit === '%' && info.dimension !== 'fraction') throw new CheckSyntaxError(`${name} is ${describe(info.dimension)}, not a fraction: it takes no %`, numberAt);
  if ((unit === 'ms' || unit === 's') && info.dimension !== 'ms') throw new CheckSyntaxError(`${name} is ${describe(info.dimension)}, not a time: it takes no ${unit}`, numberAt);
  if (unit === undefined && info.dimension === 'ms') {
    throw new CheckSyntaxError(`${name} is a time: write its unit, such as ${num[1]}ms or ${num[1]}s`, numberAt, undefined, `${name} ${opText} ${num[1]}ms`);
  }
  return { text, target, figure, info, op: opText as CheckOperator, value, ...(unit !== undefined && { unit }) };
}

function describe(d: Dimension): string {
  return d === 'count' ? 'a count' : d === 'fraction' ? 'a fraction' : d === 'ms' ? 'a time' : 'a number';
}

function parseFigure(text: string, at: number): { target: FigureTarget; figure: string; info: FigureInfo } {
  const nodes = NODES.exec(text);
  if (nodes !== null) {
    const figure = nodes[2];
    const all = allNodeFigures();
    const info = all[figure];
    if (info === undefined) throw unknownFigure(figure, Object.keys(all), at + text.indexOf('].') + 2, 'a node figure');
    return { target: { of: 'nodes', pattern: nodes[1] }, figure, info };
  }
  if (text.startsWith('nodes[') || text.startsWith('nodes.')) {
    throw new CheckSyntaxError(`expected nodes["pattern"].figure, such as nodes["leaders[0]/lease"].conflicts; found ${JSON.stringify(text)}`, at);
  }
  const path = FIGURE_ALIASES[text] ?? text;
  const summary = SUMMARY_FIGURES[path];
  if (summary !== undefined) return { target: { of: 'summary' }, figure: path, info: summary };
  const dot = text.indexOf('.');
  const kind = dot < 0 ? text : text.slice(0, dot);
  if (Object.hasOwn(KIND_FIGURES, kind)) {
    const figure = dot < 0 ? '' : text.slice(dot + 1);
    const own = nodeFigures(kind);
    const info = own[figure];
    if (info === undefined) throw unknownFigure(figure, Object.keys(own), at + dot + 1, `a figure of ${kind} steps`, kind);
    return { target: { of: 'kind', kind }, figure, info };
  }
  const candidates = [...Object.keys(SUMMARY_FIGURES), ...Object.keys(FIGURE_ALIASES), ...Object.entries(KIND_FIGURES).flatMap(([k, fs]) => Object.keys(fs).map((x) => `${k}.${x}`))];
  throw unknownFigure(text, candidates, at, 'a figure');
}

function allNodeFigures(): Record<string, FigureInfo> {
  const all: Record<string, FigureInfo> = { ...NODE_FIGURES };
  for (const fs of Object.values(KIND_FIGURES)) Object.assign(all, fs);
  return all;
}

function unknownFigure(word: string, candidates: string[], offset: number, what: string, kind?: string): CheckSyntaxError {
  const shown = candidates.filter((c) => !c.includes('latencyOk') && !c.startsWith('requests.measured')).slice(0, 12);
  const more = candidates.length > shown.length ? ', ...' : '';
  const prefix = kind !== undefined ? `${kind}.` : '';
  return new CheckSyntaxError(
    `unknown figure ${JSON.stringify(prefix + word)}; expected ${what}, one of: ${shown.map((c) => prefix + c).join(', ')}${more}`,
    offset,
    { word: prefix + word, candidates: candidates.map((c) => prefix + c) },
  );
}

/** Compares a figure with a check's number, in the figure's unit. */
export function holds(check: Pick<CheckSpec, 'op' | 'value' | 'unit'>, actual: number): boolean {
  const expected = checkValue(check);
  if (Number.isNaN(actual)) return false; // no data (a percentile of no requests) passes no check
  switch (check.op) {
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

/** The check's number in the figure's own unit: 99% is 0.99, 1.5s is 1500 (ms). */
function checkValue(check: Pick<CheckSpec, 'value' | 'unit'>): number {
  return check.unit === '%' ? check.value / 100 : check.unit === 's' ? check.value * 1000 : check.value;
}

/** A figure for messages, in the unit the check was written in. */
export function showFigure(check: Pick<CheckSpec, 'unit' | 'info'>, actual: number): string {
  if (Number.isNaN(actual)) return 'undefined (no data)';
  const round = (v: number) => String(Number(v.toPrecision(6)));
  if (check.unit === '%') return `${round(actual * 100)}%`;
  if (check.unit === 's') return `${round(actual / 1000)}s`;
  if (check.info.dimension === 'ms') return `${round(actual)}ms`;
  return round(actual);
}
