import { describe, test, expect } from 'vitest';
import { Apdex } from '../../src/stats/apdex.js';
import { OK, ERROR, TIMEOUT, DROPPED, REJECTED, type Outcome, type Request } from '../../src/engine/request.js';
import { ClientRequest } from '../../src/load/request.js';
import { Scheduler } from '../../src/engine/scheduler.js';
import { renderSummary } from '../../src/report/table.js';
import { spec, run } from '../helpers.js';

const sched = new Scheduler();
let id = 0;
function finished(latency: number, outcome: Outcome, measured = true): Request {
  const r = new ClientRequest(id++, 1000, measured, false, sched);
  r.end = 1000 + latency;
  r.outcome = outcome;
  return r;
}

describe('apdex', () => {
  test('(satisfied + tolerating / 2) / measured, on a hand-made run', () => {
    const a = new Apdex(100);
    const requests = [
      finished(50, OK), // satisfied
      finished(100, OK), // satisfied: at T
      finished(100.5, OK), // tolerating
      finished(400, OK), // tolerating: at 4T
      finished(400.5, OK), // frustrated
      finished(10, ERROR), // frustrated: fast, but an error
      finished(10, TIMEOUT),
      finished(10, DROPPED),
      finished(10, REJECTED),
      finished(10, OK, false), // not measured: left out
      finished(1000, ERROR, false),
    ];
    requests.forEach(a.record);
    expect(a.summary()).toEqual({ threshold: 100, score: (2 + 2 / 2) / 9 });
    expect(new Apdex(100).summary().score).toBeNaN();
  });

  test('a scenario with apdex: T gets a score in its summary and its text report', () => {
    // a server taking 30 ms with one worker, 10 requests at once: latencies 30, 60, ..., 300
    const s = spec({
      load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 10 },
      topology: [{ kind: 'server', concurrency: 1, serviceTime: { kind: 'constant', value: 30 } }],
      apdexMs: 50,
    });
    const { summary } = run(s);
    // satisfied: 30; tolerating (<= 200): 60 .. 180 (5); frustrated: 210 .. 300 (4)
    expect(summary.apdex).toEqual({ threshold: 50, score: (1 + 5 / 2) / 10 });
    expect(renderSummary(summary)).toContain('apdex      0.350 (T = 50 ms');
    // without apdex, no key at all
    const { apdexMs: _, ...without } = s;
    expect('apdex' in run(without).summary).toBe(false);
  });
});
