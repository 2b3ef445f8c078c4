/**
 * `slow` on processes clogs their network interface (FoundationDB's "clogging"): a message sent
 * while an end is slowed takes factor times the delay its wire drew; both ends' factors multiply;
 * the wires' draws do not move.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import type { TraceEvent } from '../../src/trace/event.js';

const PINGERS = 'test/process/fixtures/pingers.yaml';

/** Per (from -> to) pair, each message in sending order: its send time and its delay (delivery minus send; undefined if never delivered). */
function delays(events: TraceEvent[]): Map<string, { sent: number; delay: number | undefined }[]> {
  const delivered = new Map<number, number>();
  for (const e of events) if (e.kind === 'deliver' && !e.copy) delivered.set(e.msg as number, e.t);
  const out = new Map<string, { sent: number; delay: number | undefined }[]>();
  for (const e of events) {
    if (e.kind !== 'send' || !e.from?.startsWith('p')) continue;
    const pair = `${e.from}->${e.to}`;
    if (!out.has(pair)) out.set(pair, []);
    const at = delivered.get(e.msg as number);
    out.get(pair)!.push({ sent: e.t, delay: at === undefined ? undefined : at - e.t });
  }
  return out;
}

describe('slow on processes', { timeout: 60_000 }, () => {
  test('a message sent while an end is slowed takes factor times the delay its wire drew; both ends multiply', async () => {
    const plain = await load(PINGERS);
    const base = delays(parseTrace(runTraced(plain.scenario, plain.program).text).events);
    const faults = 'faults=[{ slow: { target: "p[0]", at: 30ms, for: 40ms, factor: 10 } }, { slow: { target: "p[1]", at: 50ms, factor: 3 } }]';
    const slowed = await load(PINGERS, [faults]);
    const { result, text } = runTraced(slowed.scenario, slowed.program);
    const got = delays(parseTrace(text).events);
    let scaled = 0;
    for (const [pair, list] of got) {
      const [from, to] = pair.split('->');
      const factorOf = (who: string, t: number) => (who === 'p[0]' ? (t >= 30 && t < 70 ? 10 : 1) : who === 'p[1]' ? (t >= 50 ? 3 : 1) : 1);
      list.forEach(({ sent, delay }, k) => {
        const was = base.get(pair)![k].delay;
        if (delay === undefined || was === undefined) return; // in flight at the end of one of the runs
        const f = factorOf(from, sent) * factorOf(to, sent);
        // the k-th message of the pair drew the same delay as in the run without slowdowns
        expect(delay).toBeCloseTo(was * f, 9);
        if (f !== 1) scaled++;
        if (f === 30) expect(delay).toBeGreaterThanOrEqual(30);
      });
    }
    expect(scaled).toBeGreaterThan(10);
    const p = result.summary.processes!;
    expect(p.slowdowns).toBe(2);
    expect(p.messages.slowed).toBeGreaterThanOrEqual(scaled);
  });

  test('without a slow fault on a process the summary has no slow figures', async () => {
    const { scenario, program } = await load(PINGERS);
    const p = runTraced(scenario, program).result.summary.processes!;
    expect(p.slowdowns).toBeUndefined();
    expect(p.messages.slowed).toBeUndefined();
  });
});
