/**
 * The distribution expressions of scenario files, read as math: `20ms`, `exp(100ms)`,
 * `uniform(1ms, 5ms)`, `lognormal(20ms, 0.5)`, `20ms + exp(100ms)`.
 *
 *   expression := term ('+' term)*
 *   term       := duration | name '(' [argument (',' argument)*] ')'
 *   argument   := duration | number          (a number only where the parameter has no unit)
 *
 * Errors carry the offset of the offending character in the string, so a scenario error can point
 * at the column inside a YAML value.
 */
import { type DistSpec, largestDraw, meanOf } from '../engine/distributions.js';
import { didYouMeanHint, DURATION, durationTooLong, list, nonFiniteDuration, quote, unitHint, unknownUnit, unsay } from './messages.js';
import { isTimeUnit, MAX_DURATION_MS, TIME_UNITS, toMs } from './units.js';

export class DistributionSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset (0-based, in UTF-16 units) of the offending text inside the expression. */
    readonly offset: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DistributionSyntaxError';
  }
}

type Param = { name: string; unit: 'duration' | 'number'; min: 'positive' | 'non-negative' };

/** Each function's parameters, in order. `empirical` takes any number of durations. */
const FUNCTIONS = {
  exp: [{ name: 'mean', unit: 'duration', min: 'positive' }],
  uniform: [
    { name: 'min', unit: 'duration', min: 'non-negative' },
    { name: 'max', unit: 'duration', min: 'non-negative' },
  ],
  normal: [
    { name: 'mean', unit: 'duration', min: 'non-negative' },
    { name: 'sd', unit: 'duration', min: 'non-negative' },
  ],
  lognormal: [
    { name: 'median', unit: 'duration', min: 'positive' },
    { name: 'sigma', unit: 'number', min: 'non-negative' },
  ],
  pareto: [
    { name: 'scale', unit: 'duration', min: 'positive' },
    { name: 'shape', unit: 'number', min: 'positive' },
  ],
  weibull: [
    { name: 'scale', unit: 'duration', min: 'positive' },
    { name: 'shape', unit: 'number', min: 'positive' },
  ],
  empirical: 'durations',
  const: [{ name: 'value', unit: 'duration', min: 'non-negative' }],
} as const satisfies Record<string, readonly Param[] | 'durations'>;

type FunctionName = keyof typeof FUNCTIONS;
export const DISTRIBUTION_FUNCTIONS = Object.keys(FUNCTIONS) as FunctionName[];

type Token =
  | { kind: 'duration'; text: string; ms: number; offset: number }
  | { kind: 'number'; text: string; value: number; offset: number }
  | { kind: 'name'; text: string; offset: number }
  | { kind: '(' | ')' | ',' | '+'; text: string; offset: number }
  | { kind: 'end'; text: ''; offset: number };

type Argument = Extract<Token, { kind: 'duration' | 'number' }>;

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end';
    case 'number':
      return `the number ${t.text}`;
    default:
      return quote(t.text);
  }
}

const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-zµμ_][A-Za-z0-9µμ_]*/y;
const SPACE = /\s*/y;

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? undefined : m[0];
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    i += matchAt(SPACE, text, i)!.length;
    if (i >= text.length) break;
    const offset = i;
    const c = text[i];
    const number = matchAt(NUMBER, text, i);
    if (number !== undefined && number !== '') {
      i += number.length;
      // A unit follows at once (`20ms`) or after spaces (`20 ms`); after spaces only a known unit
      // counts, so `uniform(1, 2)` still reads `1` as a number.
      const gap = matchAt(SPACE, text, i)!.length;
      const unit = matchAt(WORD, text, i + gap);
      if (unit !== undefined && (gap === 0 || isTimeUnit(unit))) {
        if (!isTimeUnit(unit)) {
          const { message, hint } = unsay(unknownUnit(unit, number + unit, TIME_UNITS));
          throw new DistributionSyntaxError(message, i, hint);
        }
        i += gap + unit.length;
        const ms = toMs(Number(number), unit);
        if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) {
          const { message, hint } = unsay((Number.isFinite(ms) ? durationTooLong : nonFiniteDuration)(text.slice(offset, i)));
          throw new DistributionSyntaxError(message, offset, hint);
        }
        tokens.push({ kind: 'duration', text: text.slice(offset, i), ms, offset });
      } else {
        tokens.push({ kind: 'number', text: number, value: Number(number), offset });
      }
      continue;
    }
    const word = matchAt(WORD, text, i);
    if (word !== undefined) {
      i += word.length;
      tokens.push({ kind: 'name', text: word, offset });
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '+') {
      i++;
      tokens.push({ kind: c, text: c, offset });
      continue;
    }
    const hint =
      c === '-'
        ? 'durations cannot be negative, and terms can only be added with "+"'
        : c === '*' || c === '/'
          ? 'terms can only be added with "+"'
          : undefined;
    throw new DistributionSyntaxError(
      `expected a duration such as 20ms, a function such as exp(100ms), "+" or brackets; found ${quote(c)}`,
      offset,
      hint,
    );
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}

/**
 * Parses a distribution expression into a DistSpec (milliseconds). A single term is returned as it
 * is; several become `{ kind: 'sum', terms }`. Throws DistributionSyntaxError.
 */
export function parseDistribution(text: string): DistSpec {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const fail = (token: Token, message: string, hint?: string): never => {
    throw new DistributionSyntaxError(message, token.offset, hint);
  };

  function term(): DistSpec {
    const t = next();
    switch (t.kind) {
      case 'duration':
        return { kind: 'constant', value: t.ms };
      case 'number':
        return fail(t, `expected ${DURATION}; found the number ${t.text}`, unitHint(t.value, 'ms'));
      case 'name':
        return call(t);
      default:
        return fail(t, `expected a duration such as 20ms or a function such as exp(100ms); found ${describeToken(t)}`);
    }
  }

  function call(nameToken: Token): DistSpec {
    const name = nameToken.text;
    if (!Object.hasOwn(FUNCTIONS, name)) {
      fail(
        nameToken,
        `unknown distribution ${quote(name)}; expected one of: ${list(DISTRIBUTION_FUNCTIONS)}`,
        didYouMeanHint(name, DISTRIBUTION_FUNCTIONS),
      );
    }
    const open = next();
    if (open.kind !== '(') fail(open, `expected "(" after ${name}; found ${describeToken(open)}`);
    const args: Argument[] = [];
    if (peek().kind !== ')') {
      for (;;) {
        const arg = next();
        if (arg.kind !== 'duration' && arg.kind !== 'number') {
          fail(arg, `expected a duration such as 1ms or a number as an argument of ${name}; found ${describeToken(arg)}`);
        }
        args.push(arg as Argument);
        if (peek().kind !== ',') break;
        next();
      }
    }
    const close = next();
    if (close.kind !== ')') {
      // In a YAML flow map, `{ service: uniform(1ms, 5ms) }` ends the value at the comma.
      const hint = close.kind === 'end' ? `inside { ... }, put the distribution in quotes: "${name}(...)"` : undefined;
      fail(close, `expected "," or ")" in ${name}(...); found ${describeToken(close)}`, hint);
    }
    const spec = build(name as FunctionName, nameToken, args);
    const problem = drawProblem(spec, text.slice(nameToken.offset, close.offset + 1));
    if (problem !== undefined) fail(nameToken, problem.message, problem.hint);
    return spec;
  }

  function build(name: FunctionName, nameToken: Token, args: Argument[]): DistSpec {
    if (name === 'empirical') {
      if (args.length === 0) fail(nameToken, `expected at least one duration in empirical(...); found none`);
      return { kind: 'empirical', values: args.map((a) => durationArg(a, name, 'values')) };
    }
    const params: readonly Param[] = FUNCTIONS[name];
    if (args.length !== params.length) {
      const signature = `${name}(${params.map((p) => p.name).join(', ')})`;
      const n = params.length;
      fail(nameToken, `expected ${n} ${n === 1 ? 'argument' : 'arguments'}, ${signature}; found ${args.length}`);
    }
    const v = params.map((p, i) => {
      const arg = args[i];
      const value = p.unit === 'duration' ? durationArg(arg, name, p.name) : numberArg(arg, name, p.name);
      if (!Number.isFinite(value)) fail(arg, `expected the ${p.name} of ${name} to be finite; found ${arg.text}`);
      if (p.min === 'positive' && !(value > 0)) {
        fail(arg, `expected the ${p.name} of ${name} to be greater than 0; found ${arg.text}`);
      }
      return value;
    });
    switch (name) {
      case 'exp':
        return { kind: 'exp', mean: v[0] };
      case 'uniform':
        if (v[0] > v[1]) {
          fail(args[0], `expected the min of uniform to be at most its max (${args[1].text}); found ${args[0].text}`);
        }
        return { kind: 'uniform', min: v[0], max: v[1] };
      case 'normal':
        return { kind: 'normal', mean: v[0], sd: v[1] };
      case 'lognormal':
        return { kind: 'lognormal', median: v[0], sigma: v[1] };
      case 'pareto':
        return { kind: 'pareto', scale: v[0], shape: v[1] };
      case 'weibull':
        return { kind: 'weibull', scale: v[0], shape: v[1] };
      case 'const':
        return { kind: 'constant', value: v[0] };
    }
  }

  function durationArg(arg: Argument, fn: string, param: string): number {
    if (arg.kind === 'duration') return arg.ms;
    return fail(arg, `expected ${DURATION} for the ${param} of ${fn}; found the number ${arg.text}`, unitHint(arg.value, 'ms'));
  }

  function numberArg(arg: Argument, fn: string, param: string): number {
    if (arg.kind === 'number') return arg.value;
    const digits = /^[0-9.eE+-]+/.exec(arg.text)?.[0];
    return fail(
      arg,
      `expected a number without a unit for the ${param} of ${fn}; found the duration ${quote(arg.text)}`,
      digits === undefined ? undefined : `${param} has no unit: did you mean ${quote(digits)}?`,
    );
  }

  const first = peek();
  if (first.kind === 'end') fail(first, `expected a distribution such as exp(100ms); found an empty string`);
  const terms = [term()];
  while (peek().kind === '+') {
    next();
    terms.push(term());
  }
  const end = peek();
  if (end.kind !== 'end') fail(end, `expected "+" or the end of the distribution; found ${describeToken(end)}`);
  if (terms.length === 1) return terms[0];
  const sum: DistSpec = { kind: 'sum', terms };
  const problem = drawProblem(sum, text.trim());
  if (problem !== undefined) fail(first, problem.message, problem.hint);
  return sum;
}

/**
 * Why a distribution cannot be drawn from in a run, if it cannot: its mean is not finite (a
 * pareto shape of 1 or less, or parameters so large that the mean overflows), or its largest draws
 * are not (`lognormal(1ms, 1e300)`, `exp(1e307ms)`, a sum of huge constants). `written` is the
 * distribution as the file says it.
 */
export function drawProblem(spec: DistSpec, written: string): { message: string; hint?: string } | undefined {
  const mean = meanOf(spec);
  if (!Number.isFinite(mean)) {
    const heavy = spec.kind === 'pareto' && spec.shape <= 1;
    return heavy
      ? {
          message: `expected a distribution with a finite mean; found ${quote(written)}, whose mean is infinite`,
          hint: 'a pareto distribution has a finite mean only when its shape is greater than 1',
        }
      : { message: `expected a distribution with a finite mean; found ${quote(written)}, whose mean is more than a number can hold` };
  }
  if (!Number.isFinite(largestDraw(spec))) {
    return {
      message: `expected a distribution whose draws are finite; found ${quote(written)}, whose largest draws are more than a number can hold`,
      hint: 'a draw that overflows would put an infinite time into the run',
    };
  }
  return undefined;
}
