/**
 * When a scenario's run ends (src/engine/end.ts, src/run/simulate.ts): when its work is done (every
 * request answered, every broker message finished), not when events run out; at a duration; and
 * when nothing pending could finish its work. Periodic work never keeps a run going by itself.
 */
import { describe, test, expect } from 'vitest';
import { constant, run, spec } from '../helpers.js';
import { buildSystem, runEnd } from '../../src/run/simulate.js';
import { Client } from '../../src/load/client.js';
import { MeasuredWindow } from '../../src/load/window.js';
import type { ClientRequest } from '../../src/load/request.js';
import type { EventTarget } from '../../src/engine/scheduler.js';
import type { ScenarioSpec } from '../../src/scenario/spec.js';
import type { Broker } from '../../src/broker/broker.js';

/** 10 requests, one every 300 ms, on one worker that takes 250 ms: the last is answered at 2950 ms. */
const steady = spec({
  load: { arrivals: { kind: 'constant', intervalMs: 300 }, requests: 10 },
  topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(250) }],
  history: false,
});

/** 10 requests every 100 ms on one 250 ms worker with no waiting room: the calls that find it busy are lost, and nothing times them out. */
const lossy = spec({
  load: { arrivals: { kind: 'constant', intervalMs: 100 }, requests: 10 },
  topology: [{ kind: 'server', concurrency: 1, serviceTime: constant(250), queue: { capacity: 0, overflow: 'drop-tail', discipline: 'fifo' } }],
  history: false,
});

/** Builds `s` as `simulate` does, adds a heartbeat every second from time 0, and runs to the scenario's end condition. */
function runWithHeartbeat(s: ScenarioSpec, daemon: boolean, untilMs = Infinity) {
  const { sim, root } = buildSystem(s, 1);
  const requests: ClientRequest[] = [];
  const client = new Client(sim, s.load, new MeasuredWindow(s.load, s.warmup, s.cooldown), root, { record: (r) => void requests.push(r) });
  const beats: number[] = [];
  const beat: EventTarget = {
    fire() {
      beats.push(sim.sched.now);
      if (beats.length > 10_000) throw new Error('the heartbeat kept the run going');
      sim.sched.after(1000, beat, 0, undefined, daemon);
    },
  };
  sim.sched.at(0, beat, 0, undefined, daemon);
  client.start();
  sim.run(runEnd(sim, untilMs));
  client.finish();
  return { sim, client, requests, beats };
}

describe('the end of a scenario run', () => {
  test('a live heartbeat (every 1 s, an ordinary event) does not keep the run going once the requests are done', () => {
    const plain = run(steady).summary.run;
    expect(plain.simulatedMs).toBe(2950);
    const r = runWithHeartbeat(steady, false);
    expect(r.requests.map((q) => q.end)).toEqual([250, 550, 850, 1150, 1450, 1750, 2050, 2350, 2650, 2950]);
    expect(r.beats).toEqual([0, 1000, 2000]);
    expect(r.sim.sched.now).toBe(plain.simulatedMs);
    expect(r.sim.sched.fired).toBe(plain.events + r.beats.length);
    expect(r.sim.outstanding.count).toBe(0);
  });

  test('a request lost with nothing to time it out ends the run as dropped; a daemon heartbeat does not keep it going', () => {
    const plain = run(lossy).summary;
    // requests at 0, 300, 600, 900 are served (each 250 ms); the six others find the worker busy
    expect(plain.requests).toMatchObject({ total: 10, ok: 4, dropped: 6, inFlight: 0 });
    expect(plain.run.simulatedMs).toBe(1150);
    const r = runWithHeartbeat(lossy, true);
    expect(r.beats).toEqual([0, 1000]);
    expect(r.sim.sched.now).toBe(1150);
    expect(r.client.requestsInFlight).toBe(0); // the lost ones ended dropped
  });

  test('with a duration as well, even an ordinary heartbeat cannot keep going a run whose requests were lost', () => {
    const r = runWithHeartbeat(lossy, false, 5500);
    expect(r.beats).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(r.sim.sched.now).toBe(5500);
  });

  test('untilMs: the run ends at that time; requests not answered by then are in flight', () => {
    const cut = run(steady, { untilMs: 2000, series: true });
    expect(cut.summary.run.simulatedMs).toBe(2000);
    // arrivals at 0, 300, ..., 1800 (7); answered by 2000: the six that ended at 250, ..., 1750
    expect(cut.summary.requests).toMatchObject({ total: 7, ok: 6, inFlight: 1 });
    // the sampling (daemon) events went on to the end: the last sample is within one grid step of it
    const t = cut.series!.queues.t;
    expect(2000 - t[t.length - 1]).toBeLessThan(cut.series!.windowMs + 1e-9);
    // a limit after the work's end changes nothing
    const long = run(steady, { untilMs: 60_000 });
    expect(long.summary.run).toEqual(run(steady).summary.run);
    expect(() => run(steady, { untilMs: -1 })).toThrow('untilMs must be a time of at least 0 ms; found -1');
  });

  test("a broker's messages outlive the producer's requests: the run ends at the last ack", () => {
    // 5 messages sent at 0 and answered at once (reply: accepted); one consumer works 50 ms on each
    const s = spec({
      load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 5 },
      services: { work: [{ kind: 'server', concurrency: 1, serviceTime: constant(50) }] },
      topology: [
        {
          kind: 'broker', visibilityTimeoutMs: 30_000, retentionMs: 86_400_000, poison: 0, reply: 'accepted',
          consumers: {
            service: 'work', count: 1, listeners: 1, dequeueLimit: 10, prefetch: 20, workers: 1, maxConcurrentWork: 1,
            blocking: false, latency: constant(1), waitMs: 20_000, nackDelayMs: 0,
          },
        },
      ],
    });
    const r = run(s);
    const b = r.sim.find('broker')[0] as Broker;
    expect(r.requests.map((q) => q.end)).toEqual([0, 0, 0, 0, 0]);
    // received at 1, in the consumer at 2; processed at 52, 102, ..., 252; each ack reaches the broker 1 ms later
    expect(b.log!.filter((e) => e[1] === 'ack').map((e) => e[0])).toEqual([53, 103, 153, 203, 253]);
    expect(r.summary.run.simulatedMs).toBe(253);
    expect(b.unfinished).toBe(0);
    expect(r.sim.outstanding.count).toBe(0);
  });
});
