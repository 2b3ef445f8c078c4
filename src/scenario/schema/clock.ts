/** The schema of `clocks:`: each node's local clock (offset, drift, steps), by node pattern. */
import { z } from 'zod';
import { expectedFound, expecting, unitHint } from '../messages.js';
import { DURATION_PATTERN, parseDuration, UnitError } from '../units.js';
import { duration, name, parsedWith, strictObject } from './primitives.js';

const SIGNED = /^\s*([+-]?)\s*(.*)$/s;

/** A duration that may be negative: -2s, +50ms, 50ms. */
function signedDuration(description: string) {
  return z
    .string({ error: expecting('a duration such as 50ms or -2s', (v) => unitHint(v, 'ms')) })
    .transform(
      parsedWith((text) => {
        const [, sign, rest] = SIGNED.exec(text) as RegExpExecArray;
        const ms = parseDuration(rest);
        return sign === '-' ? -ms : ms;
      }),
    )
    .meta({ description, pattern: `^[+-]? *${DURATION_PATTERN.slice(1)}` });
}

const PPM = /^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*ppm\s*$/;

function parseDrift(text: string): number {
  const m = PPM.exec(text);
  if (m === null) throw new UnitError(expectedFound('a drift in parts per million such as 200ppm or -50ppm', text), unitHint(text, 'ppm'));
  const ppm = Number(m[1]);
  if (!(ppm > -1e6)) throw new UnitError(expectedFound('a drift greater than -1000000ppm (a clock that stops or runs backwards)', text));
  if (!(ppm <= 1e6)) {
    throw new UnitError(
      expectedFound('a drift of at most 1000000ppm (a clock twice as fast as true time)', text),
      'a faster clock would turn its timers into instants; to model a faster node, shorten its durations instead',
    );
  }
  return ppm;
}

export function clockSchema() {
  const step = strictObject(
    {
      at: duration('When the clock jumps, in true time, such as 30s.'),
      by: signedDuration('How far it jumps: forwards such as 2s, backwards such as -2s.'),
    },
    { expected: 'a map such as { at: 30s, by: -2s }' },
  ).transform((v) => ({ atMs: v.at, byMs: v.by }));
  return strictObject(
    {
      target: name('The nodes this clock belongs to: a node pattern such as leaders[0]/** or balancer/dyno[0..9]/timeout.'),
      offset: signedDuration('How far ahead of true time the clock is from the start, such as 50ms or -20ms. Default 0ms.').optional(),
      drift: z
        .string({ error: expecting('a drift in parts per million such as 200ppm', (v) => unitHint(v, 'ppm')) })
        .transform(parsedWith(parseDrift))
        .optional()
        .meta({ description: 'How fast the clock runs, in parts per million of true time; positive runs fast, such as 200ppm. Default 0ppm.', pattern: '^ *[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)? *ppm *$' }),
      steps: z
        .array(step, { error: expecting('a list of steps such as [{ at: 30s, by: -2s }]') })
        .optional()
        .describe('NTP jumps: at a true time, the clock jumps by a signed duration. Default none.'),
    },
    { expected: 'a map such as { target: leaders[0]/**, drift: 200ppm }' },
  )
    .transform((v) => ({ target: v.target, offsetMs: v.offset ?? 0, driftPpm: v.drift ?? 0, steps: v.steps ?? [] }))
    .meta({ id: 'clock', description: "One node pattern's local clock: offset, drift and steps. A later entry overrides an earlier one for the nodes both match." });
}
