/**
 * The network of processes from a scenario file: a `links:` override applies to its (from, to)
 * pair only, and a one-way partition cuts one direction only, while it lasts.
 */
import { describe, expect, test } from 'vitest';
import { load, parseTrace, runTraced } from './helpers.js';
import type { TraceEvent } from '../../src/trace/event.js';

const PINGERS = 'test/process/fixtures/pingers.yaml';

/** Messages from `from` to `to` in the trace, by how they ended: delivered, or dropped with each reason. */
function fates(events: TraceEvent[], from: string, to: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    if (e.from !== from || e.to !== to) continue;
    // (messages still on their way when the run ends are dropped with reason end: not a fate of the network)
    const fate = e.kind === 'deliver' ? 'delivered' : e.kind === 'drop' && e.reason !== 'end' ? `dropped:${e.reason}` : undefined;
    if (fate !== undefined) out[fate] = (out[fate] ?? 0) + 1;
  }
  return out;
}

describe('the network of processes', () => {
  test('a links: override applies to its pair, in its direction, and no other', async () => {
    const { scenario, program } = await load(PINGERS, ['network={ latency: 2ms, links: [{ from: "p[0]", to: "p[1]", loss: 100% }] }']);
    const events = parseTrace(runTraced(scenario, program).text).events;
    expect(fates(events, 'p[0]', 'p[1]')).toEqual({ 'dropped:loss': expect.any(Number) });
    expect(fates(events, 'p[1]', 'p[0]').delivered).toBeGreaterThan(0);
    expect(fates(events, 'p[1]', 'p[0]')['dropped:loss']).toBeUndefined();
    expect(fates(events, 'p[0]', 'p[2]')).toEqual({ delivered: expect.any(Number) });
  });

  test('a one-way partition (a-to-b) cuts the messages from A to B while it lasts, not those from B to A', async () => {
    const { scenario, program } = await load(PINGERS, ['faults=[{ partition: { between: [["p[0]"], ["p[1]"]], direction: a-to-b, at: 30ms, heal: 70ms } }]']);
    const events = parseTrace(runTraced(scenario, program).text).events;
    const cut = events.filter((e) => e.kind === 'drop' && e.reason === 'partition');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((e) => e.from === 'p[0]' && e.to === 'p[1]')).toBe(true);
    // each cut message entered the link while the partition lasted: its send is in [30, 70)
    const sentAt = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, e.t]));
    expect(cut.every((e) => (sentAt.get(e.msg) as number) >= 30 && (sentAt.get(e.msg) as number) < 70)).toBe(true);
    expect(fates(events, 'p[1]', 'p[0]')['dropped:partition']).toBeUndefined();
    expect(fates(events, 'p[0]', 'p[1]').delivered).toBeGreaterThan(0); // before and after
  });
});
