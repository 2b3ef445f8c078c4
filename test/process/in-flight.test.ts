/**
 * `World.inFlight()`: the messages sent and neither delivered nor dropped, as the trace has them
 * (the originals: a copy made by duplication is not listed), after every event an invariant sees,
 * and at the end for `atEnd` properties.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import type { World } from '../../src/process/api.js';
import type { TraceEvent } from '../../src/trace/event.js';

/** Each original message's send, and its delivery or drop (Infinity: none, or dropped at the end of the run), from the trace. */
function lifetimes(events: TraceEvent[]): Map<number, { sent: number; ended: number }> {
  const m = new Map<number, { sent: number; ended: number }>();
  for (const e of events) {
    if (e.msg === undefined || (e.copy ?? 0) !== 0) continue;
    if (e.kind === 'send') m.set(e.msg, { sent: e.t, ended: Infinity });
    else if ((e.kind === 'deliver' || (e.kind === 'drop' && e.reason !== 'end')) && m.has(e.msg)) m.get(e.msg)!.ended = e.t;
  }
  return m;
}

describe('World.inFlight()', { timeout: 60_000 }, () => {
  test('keeps a message travelling when its copy is dropped first (its receiver is down)', async () => {
    const { scenario, program } = await load('test/process/fixtures/register.yaml', ['network.duplicate=0.5']);
    const seen: { now: number; msgs: Set<number> }[] = [];
    const spy = (w: World) => void seen.push({ now: w.now, msgs: new Set(w.inFlight().map((m) => m.msg)) });
    const { text } = runTraced(scenario, { ...program, invariants: [['spy', spy]] });
    const events = parseTrace(text).events;
    // a copy dropped while its original was still on its way
    const copyDrops = events.filter((e) => e.kind === 'drop' && e.copy === 1);
    const life = lifetimes(events);
    expect(copyDrops.some((d) => life.get(d.msg!)!.ended > d.t)).toBe(true);
    // after each copy's drop, until its original arrives, the original is listed
    let missing = 0;
    for (const d of copyDrops) {
      const l = life.get(d.msg!)!;
      for (const s of seen) if (s.now >= d.t && s.now < l.ended && !s.msgs.has(d.msg!)) missing++;
    }
    expect(missing).toBe(0);
  });

  test('is the messages still on their way at the end, for atEnd properties', async () => {
    // pings every 10 ms, each 1 to 5 ms on its way; the run ends at 102 ms, with the pings of 100 ms travelling
    const { scenario, program } = await load('test/process/fixtures/pingers.yaml');
    let atEnd: number[] | undefined;
    const spy = (w: World) => void (atEnd = w.inFlight().map((m) => m.msg).sort((a, b) => a - b));
    const { text } = runTraced(scenario, { ...program, invariants: [], atEnd: [['spy', spy]] });
    const life = lifetimes(parseTrace(text).events);
    const open = [...life].filter(([, l]) => l.ended === Infinity).map(([msg]) => msg);
    expect(open.length).toBeGreaterThan(0);
    expect(atEnd).toEqual(open);
  });

  test('keeps a message a pause holds until it is handled, as the trace does', async () => {
    // two of the three pingers paused from 21 to 51 ms (the third goes on, and invariants with it): the pings that reach a paused pinger wait for it
    const { scenario, program } = await load('test/process/fixtures/pingers.yaml', ['faults=[{ pause: { target: "p[0..1]", at: 21ms, for: 30ms } }]']);
    const seen: { now: number; msgs: Set<number> }[] = [];
    const spy = (w: World) => void seen.push({ now: w.now, msgs: new Set(w.inFlight().map((m) => m.msg)) });
    const { text } = runTraced(scenario, { ...program, invariants: [['spy', spy]] });
    const life = lifetimes(parseTrace(text).events);
    // a ping sent before the pause and handled after it: held while the pause lasted
    const held = [...life].filter(([, l]) => l.sent < 21 && l.ended >= 51 && l.ended < Infinity);
    expect(held.length).toBeGreaterThan(0);
    let missing = 0;
    // (strictly after its send: an invariant checked earlier at the same instant comes before it)
    for (const [msg, l] of held) for (const s of seen) if (s.now > l.sent && s.now < l.ended && !s.msgs.has(msg)) missing++;
    expect(missing).toBe(0);
  });
});
