/**
 * A history failure (`history: { model }`) adds a `violation` event at the end of the trace, at the
 * client of the operation the checker could not explain, `about` that operation's `complete` event;
 * the diagram rings that event and centres its default window on it.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import { simulate } from '../../src/run/simulate.js';
import { drawDiagram } from '../../src/report/diagram/draw.js';
import { chooseWindow } from '../../src/report/diagram/window.js';
import { parseTrace as readTrace, TraceError } from '../../src/trace/read.js';

describe('a history failure in the trace', { timeout: 60_000 }, () => {
  test('is a violation event, the last, about the complete events of the operations no order explains, the one its message names first', async () => {
    const { scenario, program } = await load('test/process/fixtures/register.yaml', ['workload.keys=3', 'history.model=kv']);
    const { result, text } = runTraced(scenario, program);
    const { events } = parseTrace(text);
    const failure = (result.summary.failures ?? [])[0];
    expect(failure.kind).toBe('history');
    const v = events.at(-1)!;
    expect(v).toMatchObject({ kind: 'violation', text: `history: kv: ${failure.message}`, t: result.summary.run.simulatedMs });
    // one operation per key the checker could not linearize (3 keys, one register each), the one the message names first
    expect(v.about).toHaveLength(3);
    for (const seq of v.about!) expect(['complete', 'invoke']).toContain(events.find((e) => e.seq === seq)!.kind);
    const marked = events.find((e) => e.seq === v.about![0])!;
    // the failure names it: "no order explains process 2 read 3 (lines 17-20 of history.jsonl)"
    const m = /no order explains process (\d+) (\w+)(?: (\S+))? \(lines (\d+)-(\d+)/.exec(failure.message)!;
    expect(m).not.toBeNull();
    expect(marked).toMatchObject({ kind: 'complete', node: `client[${m[1]}]`, op: { process: Number(m[1]), f: m[2] } });
    expect(v.node).toBe(marked.node);
    const line = JSON.parse(result.processes!.history[Number(m[5]) - 1]);
    expect(line).toMatchObject({ process: Number(m[1]), f: m[2], time: marked.t });
    // the same figures without a trace (the event is counted either way)
    expect(simulate(scenario, { program }).summary.processes).toEqual(result.summary.processes);
    expect(result.summary.processes!.events).toBe(events.length);
  });

  test('the primary-backup bug (seed 3): the diagram rings the operation, and its default window is around it', async () => {
    const { scenario, program } = await load('scenarios/bugs/primary-backup/buggy.yaml');
    const { text } = runTraced(scenario, program, 3);
    const { header, events } = parseTrace(text);
    const v = events.at(-1)!;
    expect(v.kind).toBe('violation');
    const about = v.about![0];
    const w = chooseWindow(events, { size: 40 });
    const slice = events.slice(w.first, w.first + w.count);
    expect(slice.some((e) => e.seq === about)).toBe(true);
    expect(w.note).toContain(`around event ${about}, which the violation (event ${v.seq}) is about`);
    const drawn = drawDiagram({ nodes: header.nodes, events: slice, marked: v.about });
    expect(drawn.svg).toContain(`class="ev k-complete ok about" data-seq="${about}"`);
    expect(drawn.svg.match(/class="about-ring"/g)).toHaveLength(1);
    expect(drawn.svg).toContain('what it is about');
  });

  test('a trace file with about is read back; a bad about is an error', () => {
    const head = '{"trace":1,"scenario":"s","seed":1,"nodes":["a"]}';
    const ok = readTrace([head, '{"t":0,"seq":0,"node":"a","kind":"log","text":"x"}', '{"t":1,"seq":1,"node":"a","kind":"violation","text":"v","about":[0]}'].join('\n'));
    expect(ok.events[1].about).toEqual([0]);
    expect(() => readTrace([head, '{"t":1,"seq":1,"node":"a","kind":"violation","about":[1]}'].join('\n'))).toThrow(TraceError);
  });
});
