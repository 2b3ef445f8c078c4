/**
 * Messages still on their way when the run ends (in transit, or held by a pause) are `drop`s with
 * reason `end`, at their receivers, at the end, in sending order: the trace accounts for every
 * message, and the summary counts them in `messages.dropped.end`.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import { simulate } from '../../src/run/simulate.js';
import { TraceWriter, stringSink } from '../../src/trace/writer.js';
import { drawDiagram } from '../../src/report/diagram/draw.js';

const PINGERS = 'test/process/fixtures/pingers.yaml';

describe('messages in flight at the end of a run', { timeout: 60_000 }, () => {
  test('each is dropped with reason end at its receiver, at the end, in sending order; every message is accounted for', async () => {
    // duplicates too: a copy on its way is a message on its way
    const { scenario, program } = await load(PINGERS, ['network.duplicate=30%']);
    const { result, text } = runTraced(scenario, program);
    const { events } = parseTrace(text);
    const end = events.filter((e) => e.kind === 'drop' && e.reason === 'end');
    expect(end.length).toBeGreaterThan(0);
    const last = events[events.length - 1].t;
    expect(result.summary.run.simulatedMs).toBe(102);
    for (const e of end) expect([e.t, e.node]).toEqual([102, e.to]);
    // they are the last events, in the order their messages were sent
    expect(events.slice(-end.length)).toEqual(end);
    expect(end.map((e) => e.msg)).toEqual([...end.map((e) => e.msg as number)].sort((a, b) => a - b));
    expect(last).toBe(102);
    // every message (and copy) sent is delivered or dropped exactly once
    const fates = new Map<string, number>();
    for (const e of events) {
      if (e.kind === 'send') fates.set(`${e.msg}/0`, 0);
      if (e.kind === 'duplicate') fates.set(`${e.msg}/1`, 0);
      if (e.kind === 'deliver' || e.kind === 'drop') fates.set(`${e.msg}/${e.copy ?? 0}`, (fates.get(`${e.msg}/${e.copy ?? 0}`) as number) + 1);
    }
    expect([...fates.values()].every((n) => n === 1)).toBe(true);
    const m = result.summary.processes!.messages;
    expect(m.dropped.end).toBe(end.length);
    expect(m.sent + m.duplicated).toBe(m.delivered + m.dropped.loss + m.dropped.partition + m.dropped.down + m.dropped.end);
    expect(result.summary.processes!.events).toBe(events.length);
  });

  test('a message a pause holds at the end is on its way: dropped with reason end', async () => {
    const { scenario, program } = await load(PINGERS, ['faults=[{ pause: { target: "p[0]", at: 80ms, for: 1s } }]']);
    const { events } = parseTrace(runTraced(scenario, program).text);
    const held = events.filter((e) => e.kind === 'drop' && e.reason === 'end' && e.to === 'p[0]');
    // p[0] is paused from 80 ms: the pings sent to it at 80 and 90 ms (and the pongs to its pings of 70 ms... ) wait for it
    expect(held.length).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.kind === 'deliver' && e.to === 'p[0]' && e.t >= 80)).toBe(false);
  });

  test('the same figures without a trace; a replay that stops at an event drops nothing', async () => {
    const { scenario, program } = await load(PINGERS);
    const traced = runTraced(scenario, program).result.summary.processes;
    const plain = simulate(scenario, { program }).summary.processes;
    expect(plain).toEqual(traced);
    const sink = stringSink();
    const trace = new TraceWriter(sink);
    simulate(scenario, { program, trace, untilEvent: 40 });
    trace.close();
    expect(parseTrace(sink.text()).events.some((e) => e.reason === 'end')).toBe(false);
  });

  test('an atEnd failure comes after them, the last event; a run an invariant stopped ends at its violation, with no end drops', async () => {
    const { scenario, program } = await load(PINGERS);
    const atEnd = parseTrace(runTraced(scenario, { ...program, invariants: [], atEnd: [['quiet', () => 'still talking']] }).text).events;
    expect(atEnd.at(-1)).toMatchObject({ kind: 'violation', t: 102, text: 'quiet: still talking' });
    expect(atEnd.at(-2)).toMatchObject({ kind: 'drop', reason: 'end' });
    const { result, text } = runTraced(scenario, { ...program, invariants: [['early', (w) => w.now < 50 || 'late']] });
    const stopped = parseTrace(text).events;
    expect(stopped.at(-1)).toMatchObject({ kind: 'violation', text: 'early: late' });
    expect(stopped.some((e) => e.reason === 'end')).toBe(false);
    expect(result.summary.processes!.messages.dropped.end).toBe(0);
  });

  test('the diagram draws them as still on their way, not lost', async () => {
    const { scenario, program } = await load(PINGERS);
    const { text, result } = runTraced(scenario, program);
    const { header, events } = parseTrace(text);
    const drawn = drawDiagram({ nodes: header.nodes, events });
    expect(drawn.lost).toBe(0);
    expect(drawn.pending).toBe(result.summary.processes!.messages.dropped.end);
    expect(drawn.svg).toContain('still on its way when the run ended');
  });
});
