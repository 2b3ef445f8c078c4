/** The slotted server (`tick`) under node faults, where it differs from the queueing server. */
import { test, expect } from 'vitest';
import { spec, run, trace, constant } from '../helpers.js';
import { OUTCOMES } from '../../src/engine/request.js';

test('a crash loses a call whose answer from downstream was held by a pause', () => {
  // tick at 10 sends the call to the db, which answers at 15, during the pause (12-30): held;
  // the crash at 20 loses it (before the split into two servers, it was forgotten: never answered, never lost)
  const { requests, summary } = run(
    spec({
      load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
      services: { db: [{ kind: 'server', concurrency: 1, serviceTime: constant(5) }] },
      topology: [{ kind: 'server', concurrency: 1, tickMs: 10 }, { kind: 'service', name: 'db' }],
      faults: [
        { kind: 'pause', target: 'server', atMs: 12, for: constant(18) },
        { kind: 'crash', target: 'server', atMs: 20, restartAfterMs: 1 },
      ],
    }),
  );
  expect(requests.map((r) => [OUTCOMES[r.outcome], r.end])).toEqual([['dropped', 20]]);
  expect(trace(requests[0])).toEqual([['server', 'call', 0], ['db/server', 'call', 10], ['server', 'ok', 15]]);
  expect(summary.requests.inFlight).toBe(0);
  expect(summary.nodes.find((n) => n.id === 'server')?.extra).toMatchObject({ crashes: 1, lostInCrash: 1, pauses: 1, pausedMs: 8 });
}, 20_000);

test('an answer held by a pause passes on when it ends', () => {
  const { requests } = run(
    spec({
      load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 1 },
      services: { db: [{ kind: 'server', concurrency: 1, serviceTime: constant(5) }] },
      topology: [{ kind: 'server', concurrency: 1, tickMs: 10 }, { kind: 'service', name: 'db' }],
      faults: [{ kind: 'pause', target: 'server', atMs: 12, for: constant(18) }],
    }),
  );
  expect(trace(requests[0])).toEqual([['server', 'call', 0], ['db/server', 'call', 10], ['server', 'ok', 15], ['client', 'ok', 30]]);
}, 20_000);
