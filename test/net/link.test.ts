import { describe, test, expect } from 'vitest';
import { spec, run, trace, constant, exp } from '../helpers.js';
import { link, server, node, linkStats, binomialTolerance } from './helpers.js';
import type { Request } from '../../src/engine/request.js';

describe('link', () => {
  test('pays its latency each way, like a cable, and counts messages and bytes', () => {
    const { requests, summary } = run(spec({ topology: [link({ latency: constant(2), requestBytes: 100, responseBytes: 300 }), server(5)] }));
    expect(trace(requests[1])).toEqual([['link', 'call', 10], ['server', 'call', 12], ['link', 'ok', 17], ['client', 'ok', 19]]);
    expect(linkStats(summary.nodes, 'link')).toEqual({ messages: 6, lost: 0, partitioned: 0, duplicated: 0, reordered: 0, bytes: 1200 });
  });

  test('a lost request never reaches the server and a lost response never reaches the client: nobody answers', () => {
    const { requests, summary } = run(spec({ topology: [link({ loss: 1 }), server(5)] }));
    expect(trace(requests[0])).toEqual([['link', 'call', 0]]);
    expect(requests.map((r) => r.outcome)).toEqual([3, 3, 3]); // dropped: no reply, nothing to time out
    expect(summary.requests).toMatchObject({ dropped: 3, error: 0 });
    expect(linkStats(summary.nodes, 'link')).toMatchObject({ messages: 3, lost: 3 });
  });

  test('under a timeout, a lost message is learnt of only when the timeout fires, never as an instant error', () => {
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 2000 },
        topology: [{ kind: 'timeout', afterMs: 30 }, link({ latency: constant(3), loss: 0.3 }), server(1)],
      }),
    );
    const latencies = new Set(requests.map((r) => `${['ok', 'error', 'timeout', 'dropped'][r.outcome]} ${r.end - r.arrival}`));
    expect([...latencies].sort()).toEqual(['ok 7', 'timeout 30']);
    expect(summary.requests.error + summary.requests.dropped).toBe(0);
    const q = 0.7 * 0.7;
    expect(Math.abs(summary.requests.ok - 2000 * q)).toBeLessThan(binomialTolerance(2000, q));
  });

  test('loses each one-way message with its probability', () => {
    const n = 20000;
    const p = 0.1;
    const { summary } = run(
      spec({ history: false, load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n }, topology: [link({ loss: p }), server(1)] }),
    );
    const s = linkStats(summary.nodes, 'link');
    // every request is one message; each that gets through adds its response
    expect(s.messages).toBe(n + node(summary.nodes, 'server').calls);
    expect(Math.abs(s.lost - s.messages * p)).toBeLessThan(binomialTolerance(s.messages, p));
    expect(Math.abs(summary.requests.ok - n * (1 - p) ** 2)).toBeLessThan(binomialTolerance(n, (1 - p) ** 2));
    expect(summary.requests.ok + summary.requests.dropped).toBe(n);
  });
});

describe('duplication', () => {
  test('a duplicated request is processed twice downstream; the caller gets one answer; both duplicates are counted', () => {
    const { requests, summary } = run(
      spec({ load: { arrivals: { kind: 'constant', intervalMs: 10 }, requests: 1 }, topology: [link({ duplicate: 1 }), server(5, 2)] }),
    );
    expect(trace(requests[0])).toEqual([
      ['link', 'call', 0],
      ['server', 'call', 1], // the request
      ['server', 'call', 1], // its duplicate
      ['link', 'ok', 6],
      ['link', 'ok', 6], // the duplicate's answer, discarded by the link
      ['client', 'ok', 7], // one answer (its response was duplicated too, and ignored)
    ]);
    expect(summary.requests).toMatchObject({ total: 1, ok: 1 });
    expect(node(summary.nodes, 'server').calls).toBe(2);
    expect(linkStats(summary.nodes, 'link')).toMatchObject({ messages: 2, duplicated: 2 });
  });

  test('duplicates each message with its probability: extra server calls and counted response duplicates', () => {
    const n = 20000;
    const d = 0.3;
    const { summary } = run(
      spec({ history: false, load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: n }, topology: [link({ duplicate: d }), server(1)] }),
    );
    const requestCopies = node(summary.nodes, 'server').calls - n;
    const responseCopies = linkStats(summary.nodes, 'link').duplicated - requestCopies;
    expect(summary.requests.ok).toBe(n);
    expect(Math.abs(requestCopies - n * d)).toBeLessThan(binomialTolerance(n, d));
    expect(Math.abs(responseCopies - n * d)).toBeLessThan(binomialTolerance(n, d));
  });
});

/**
 * Out-of-order deliveries counted as RFC 4737 does: a message is reordered when it arrives after
 * a message sent later in the same direction. `messages` are (sent, delivered) times.
 */
function reorderedOf(messages: [number, number][]): number {
  let latestSent = -Infinity;
  let reordered = 0;
  for (const [sent] of [...messages].sort((a, b) => a[1] - b[1])) {
    if (sent < latestSent) reordered++;
    else latestSent = sent;
  }
  return reordered;
}

/** Each request's (sent, delivered) times on the way in and on the way back, from its history. */
function directions(requests: Request[]) {
  const requestsIn: [number, number][] = [];
  const responsesBack: [number, number][] = [];
  for (const r of requests) {
    const h = r.history!;
    const at = (node: string, event: string) => h.find((e) => e.node === node && e.event === event)!.time;
    requestsIn.push([at('link', 'call'), at('server', 'call')]);
    responsesBack.push([at('link', 'ok'), at('client', 'ok')]);
  }
  return { requestsIn, responsesBack };
}

describe('reordering', () => {
  const reorderSpec = (probability: number) =>
    spec({
      load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 2000 },
      topology: [link({ latency: constant(5), reorder: { probability, extra: constant(2.5) } }), server(1)],
    });

  test('forced reordering delivers messages out of order, and the link counts exactly those', () => {
    const { requests, summary } = run(reorderSpec(0.2));
    const { requestsIn, responsesBack } = directions(requests);
    const expected = reorderedOf(requestsIn) + reorderedOf(responsesBack);
    // a delayed message is overtaken by the next two (sent 1 ms and 2 ms later, 2.5 ms less delay)
    expect(reorderedOf(requestsIn)).toBeGreaterThan(100);
    expect(linkStats(summary.nodes, 'link').reordered).toBe(expected);
    // the extra delay is 0 or exactly 2.5 ms
    expect(new Set(requestsIn.map(([s, d]) => d - s))).toEqual(new Set([5, 7.5]));
  });

  test('with a constant latency and no forced reordering, every message arrives in order', () => {
    const { requests, summary } = run(reorderSpec(0));
    const { requestsIn, responsesBack } = directions(requests);
    expect(reorderedOf(requestsIn) + reorderedOf(responsesBack)).toBe(0);
    expect(linkStats(summary.nodes, 'link').reordered).toBe(0);
  });

  test('random latency reorders by itself', () => {
    const { requests, summary } = run(
      spec({ load: { arrivals: { kind: 'constant', intervalMs: 1 }, requests: 2000 }, topology: [link({ latency: exp(2) }), server(1)] }),
    );
    const { requestsIn, responsesBack } = directions(requests);
    expect(reorderedOf(requestsIn)).toBeGreaterThan(0);
    expect(linkStats(summary.nodes, 'link').reordered).toBe(reorderedOf(requestsIn) + reorderedOf(responsesBack));
  });
});

describe('bandwidth', () => {
  test('each message takes size / bandwidth to transmit, one at a time per direction, then its latency', () => {
    // 1,000 bytes per ms: a 1 KB request takes 1 ms, a 2 KB response 2 ms
    const { requests, summary } = run(
      spec({
        load: { arrivals: { kind: 'instant', atMs: 0 }, requests: 4 },
        topology: [link({ latency: constant(2), bandwidthBytesPerMs: 1000, requestBytes: 1000, responseBytes: 2000 }), server(1, 10)],
      }),
    );
    // requests leave at 1, 2, 3, 4 (each waits for the one before) and arrive 2 ms later
    expect(requests.map((r) => r.history!.find((e) => e.node === 'server')!.time)).toEqual([3, 4, 5, 6]);
    // responses are ready at 4, 5, 6, 7 but each takes 2 ms to send: they leave at 6, 8, 10, 12
    expect(requests.map((r) => r.end)).toEqual([8, 10, 12, 14]);
    expect(trace(requests[3])).toEqual([['link', 'call', 0], ['server', 'call', 6], ['link', 'ok', 7], ['client', 'ok', 14]]);
    // waits: requests 0, 1, 2, 3 ms; responses 0, 1, 2, 3 ms
    expect(linkStats(summary.nodes, 'link')).toEqual({
      messages: 8,
      lost: 0,
      partitioned: 0,
      duplicated: 0,
      reordered: 0,
      bytes: 4 * 1000 + 4 * 2000,
      meanTransmitWaitMs: 12 / 8,
    });
  });

  test('the two directions queue separately, and an idle link transmits at once', () => {
    const { requests } = run(
      spec({
        load: { arrivals: { kind: 'constant', intervalMs: 10 }, requests: 3 },
        topology: [link({ latency: constant(1), bandwidthBytesPerMs: 125, requestBytes: 250, responseBytes: 500 }), server(3)],
      }),
    );
    // 2 ms to send a request, 1 ms latency, 3 ms service, 4 ms to send the response, 1 ms latency
    expect(requests.map((r) => r.end - r.arrival)).toEqual([11, 11, 11]);
  });
});
