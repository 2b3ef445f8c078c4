/** The light cone from vector clocks: hand-built clocks, and agreement with the happened-before graph on generated traces. */
import { describe, expect, test } from 'vitest';
import { lightCone, type ConeEvent } from '../../src/report/diagram/cone.js';
import type { TraceEvent } from '../../src/trace/event.js';
import { generateTrace } from './generate.js';

const ev = (seq: number, kind: string, vc?: Record<string, number>): ConeEvent => ({ seq, kind, vc });

describe('lightCone on hand-built vector clocks', () => {
  // a sends m1 to b; b sends m2 to c; c does something unrelated first; a's m3 to c is lost.
  const events: ConeEvent[] = [
    ev(0, 'log', { a: 1 }), // a
    ev(1, 'send', { a: 2 }), // a: m1 -> b
    ev(2, 'timer', { c: 1 }), // c, concurrent with everything of a and b before m2
    ev(3, 'deliver', { a: 2, b: 1 }), // b gets m1
    ev(4, 'send', { a: 2, b: 2 }), // b: m2 -> c
    ev(5, 'send', { a: 3 }), // a: m3 -> c
    ev(6, 'deliver', { a: 2, b: 2, c: 2 }), // c gets m2
    ev(7, 'drop', { a: 3 }), // m3 lost: carries its send's clocks
    ev(8, 'log', { a: 4 }), // a, after the lost send
    ev(9, 'log'), // no clock: in no cone
  ];
  const cone = (seq: number) => lightCone(events, events.findIndex((e) => e.seq === seq));

  test('the past is what the clock dominates, the future what dominates it', () => {
    expect(cone(3)).toEqual({ past: [0, 1], future: [4, 6] });
    expect(cone(6)).toEqual({ past: [0, 1, 2, 3, 4], future: [] });
    expect(cone(2)).toEqual({ past: [], future: [6] });
    expect(cone(0)).toEqual({ past: [], future: [1, 3, 4, 5, 6, 7, 8] });
  });

  test('a drop is a mark: in the future of its send and of what its send follows, in nobody\'s past, with no future', () => {
    expect(cone(5)).toEqual({ past: [0, 1], future: [7, 8] });
    expect(cone(7)).toEqual({ past: [0, 1, 5], future: [] });
    expect(cone(8).past).toEqual([0, 1, 5]); // not the drop, though its clock is below a's
  });

  test('an event without a clock has no cone and is in none', () => {
    expect(cone(9)).toEqual({ past: [], future: [] });
    expect(cone(1).future).not.toContain(9);
  });

  test('concurrent events are in neither cone', () => {
    const c = cone(4);
    expect(c.past).not.toContain(2);
    expect(c.future).not.toContain(2);
    expect(c.future).not.toContain(5);
  });
});

/** Ancestors and descendants in the graph of program order (per node, events that tick) and send -> deliver/drop/duplicate edges. */
function graphCones(events: readonly TraceEvent[]): { past: Map<number, Set<number>>; future: Map<number, Set<number>> } {
  const mark = (e: TraceEvent) => e.kind === 'drop' || e.kind === 'duplicate';
  const next = new Map<number, number[]>();
  const prev = new Map<number, number[]>();
  const edge = (a: number, b: number) => {
    next.set(a, [...(next.get(a) ?? []), b]);
    prev.set(b, [...(prev.get(b) ?? []), a]);
  };
  const last = new Map<string, number>();
  const sends = new Map<number, number>();
  for (const e of events) {
    if (e.kind === 'send') sends.set(e.msg!, e.seq);
    if (mark(e)) {
      edge(sends.get(e.msg!)!, e.seq);
      continue;
    }
    if (last.has(e.node)) edge(last.get(e.node)!, e.seq);
    last.set(e.node, e.seq);
    if (e.kind === 'deliver') edge(sends.get(e.msg!)!, e.seq);
  }
  const closure = (adj: Map<number, number[]>) => {
    const out = new Map<number, Set<number>>();
    for (const e of events) {
      const seen = new Set<number>();
      const stack = [...(adj.get(e.seq) ?? [])];
      while (stack.length > 0) {
        const s = stack.pop()!;
        if (seen.has(s)) continue;
        seen.add(s);
        stack.push(...(adj.get(s) ?? []));
      }
      out.set(e.seq, seen);
    }
    return out;
  };
  return { past: closure(prev), future: closure(next) };
}

describe('lightCone agrees with happened-before', () => {
  test.each([1, 2, 3, 4])('generated trace, seed %i: every event\'s cones are its ancestors and descendants', (seed) => {
    const { events } = generateTrace({ seed, events: 250, processes: 4, clients: 2, loss: 0.15, duplication: 0.1 });
    const truth = graphCones(events);
    expect(events.some((e) => e.kind === 'drop')).toBe(true);
    expect(events.some((e) => e.kind === 'duplicate')).toBe(true);
    events.forEach((e, i) => {
      const c = lightCone(events, i);
      expect(new Set(c.past), `past of #${e.seq} ${e.kind}`).toEqual(truth.past.get(e.seq));
      expect(new Set(c.future), `future of #${e.seq} ${e.kind}`).toEqual(truth.future.get(e.seq));
    });
  });
});
