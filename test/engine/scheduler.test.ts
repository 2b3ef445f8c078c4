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

describe('event handles stay safe however often a slot is reused (issue 8)', () => {
  // Slot 0 is the only slot: each event is scheduled after the previous one fired, so all reuse it.
  const one = (s: Scheduler, log: number[]) => ({ fire: (kind: number) => log.push(kind) });
  const generation = (s: Scheduler) => (s as unknown as { slotGen: Uint32Array }).slotGen;

  test('handles are distinct safe integers up to the last generation, and stale ones cancel nothing', async () => {
    const { GENERATIONS } = await import('../../src/engine/scheduler.js');
    const s = new Scheduler(1);
    const log: number[] = [];
    const t = one(s, log);
    generation(s)[0] = GENERATIONS - 3; // as if slot 0 had carried ~4 million events already (2^22 - 3)
    s.after(0, t, 0); // allocates slot 0 through the normal path first
    const handles: number[] = [];
    // release the first event so slot 0 returns to the free list with the forced generation
    s.run();
    generation(s)[0] = GENERATIONS - 3;
    for (let k = 1; k <= 5; k++) {
      const h = s.after(1, t, k);
      handles.push(h);
      expect(Number.isSafeInteger(h)).toBe(true);
      s.run();
      // every earlier handle is stale: cancelling it does nothing, even to the event that reuses its slot
      const next = s.after(1, t, 100 + k);
      for (const old of handles) expect(s.cancel(old)).toBe(false);
      expect(s.cancel(next)).toBe(true);
    }
    expect(new Set(handles).size).toBe(handles.length);
    expect(log).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Math.max(...handles)).toBeLessThan(2 ** 53);
  });

  test('a slot that reached the last generation is retired, not reused', async () => {
    const { GENERATIONS } = await import('../../src/engine/scheduler.js');
    const s = new Scheduler(4);
    const t = one(s, []);
    s.after(0, t);
    s.run();
    generation(s)[0] = GENERATIONS - 1; // slot 0 is free, on its last generation
    const last = s.after(1, t);
    expect(last % 2 ** 31).toBe(0);
    s.run();
    const next = s.after(1, t); // slot 0 is retired: a new slot
    expect(next % 2 ** 31).toBe(1);
    expect(s.cancel(last)).toBe(false);
    expect(s.cancel(next)).toBe(true);
  });
});
