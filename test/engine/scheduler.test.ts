import { describe, test, expect } from 'vitest';
import fc from 'fast-check';
import { Scheduler, type EventTarget } from '../../src/engine/scheduler.js';

/** A target that logs (name, time) when it fires. */
function logger(sched: Scheduler, log: [string, number][]): EventTarget & { names: string[] } {
  const names: string[] = [];
  return {
    names,
    fire(kind: number) {
      log.push([names[kind], sched.now]);
    },
  };
}

describe('Scheduler', () => {
  test('fires in time order, and same-time events in scheduling order', () => {
    const s = new Scheduler(2); // tiny capacity: exercises growth
    const log: [string, number][] = [];
    const t = logger(s, log);
    t.names.push('c', 'a', 'b', 'd', 'e');
    s.at(5, t, 0);
    s.at(1, t, 1);
    s.at(5, t, 2);
    s.at(1, t, 3);
    s.after(0, t, 4);
    s.run();
    expect(log).toEqual([['e', 0], ['a', 1], ['d', 1], ['c', 5], ['b', 5]]);
    expect(s.now).toBe(5);
    expect(s.fired).toBe(5);
  });

  test('cancel removes an event; a stale handle is harmless', () => {
    const s = new Scheduler();
    const log: [string, number][] = [];
    const t = logger(s, log);
    t.names.push('x', 'y');
    const hx = s.at(2, t, 0);
    s.at(3, t, 1);
    expect(s.cancel(hx)).toBe(true);
    expect(s.cancel(hx)).toBe(false);
    s.run();
    expect(log).toEqual([['y', 3]]);
    // the slot of x was reused by nothing; an old handle never cancels a newer event in its slot
    const hz = s.at(4, t, 0);
    expect(s.cancel(hx)).toBe(false);
    s.run();
    expect(log).toEqual([['y', 3], ['x', 4]]);
    expect(s.cancel(hz)).toBe(false);
  });

  test('run until a time leaves later events pending and advances the clock', () => {
    const s = new Scheduler();
    const log: [string, number][] = [];
    const t = logger(s, log);
    t.names.push('a');
    s.at(1, t);
    s.at(10, t);
    s.run(5);
    expect(log).toEqual([['a', 1]]);
    expect(s.pending).toBe(1);
    s.run();
    expect(log).toEqual([['a', 1], ['a', 10]]);
  });

  test('run until empty advances `now` to `until`', () => {
    const s = new Scheduler();
    s.run(7);
    expect(s.now).toBe(7);
  });

  test('a stop condition ends the run after the event that met it', () => {
    const s = new Scheduler();
    let n = 0;
    const t: EventTarget = { fire: () => void (n++, s.after(1, t)) };
    s.at(0, t);
    s.run(Infinity, () => n === 3);
    expect(n).toBe(3);
    expect(s.now).toBe(2);
  });

  test('refuses times in the past and NaN, with the numbers in the message', () => {
    const s = new Scheduler();
    const t: EventTarget = { fire() {} };
    s.at(5, t);
    s.run();
    expect(() => s.at(3, t)).toThrow('cannot schedule an event at 3 ms: it is before the current time 5 ms');
    expect(() => s.after(-1, t)).toThrow('negative or invalid delay -1 ms');
    expect(() => s.at(NaN, t)).toThrow('NaN');
  });

  test('property: time never goes backwards and same-time events fire in scheduling order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 200 }), (ops) => {
        const s = new Scheduler(4);
        const fired: { time: number; seq: number }[] = [];
        const handles: number[] = [];
        const cancelled = new Set<number>();
        const t: EventTarget = { fire: (kind) => void fired.push({ time: s.now, seq: kind }) };
        ops.forEach(([time, cancel], i) => {
          handles.push(s.at(time, t, i));
          if (cancel && i > 0) {
            const victim = i - 1;
            if (s.cancel(handles[victim])) cancelled.add(victim);
          }
        });
        s.run();
        for (let i = 1; i < fired.length; i++) {
          const a = fired[i - 1];
          const b = fired[i];
          if (b.time < a.time) return false;
          if (b.time === a.time && b.seq < a.seq) return false;
        }
        return fired.length === ops.length - cancelled.size && fired.every((f) => !cancelled.has(f.seq));
      }),
    );
  });
});

describe('daemon events', () => {
  test('never keep a run alive, and fire in order while it lasts', () => {
    const s = new Scheduler();
    const log: [string, number][] = [];
    const ticker: EventTarget = {
      fire: () => {
        log.push(['tick', s.now]);
        s.after(2, ticker, 0, undefined, true);
      },
    };
    const work: EventTarget = { fire: () => void log.push(['work', s.now]) };
    s.at(0, ticker, 0, undefined, true);
    s.at(5, work);
    expect(s.liveEvents).toBe(1);
    s.run();
    expect(log).toEqual([['tick', 0], ['tick', 2], ['tick', 4], ['work', 5]]);
    expect(s.liveEvents).toBe(0);
    expect(s.pending).toBe(1); // the next tick is still there, and harmless
  });

  test('cancelling a live event lets the run end', () => {
    const s = new Scheduler();
    const t: EventTarget = { fire() {} };
    const h = s.at(100, t);
    s.cancel(h);
    expect(s.liveEvents).toBe(0);
    s.run();
    expect(s.fired).toBe(0);
  });
});
