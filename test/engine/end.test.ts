/**
 * The end of a run (src/engine/end.ts): the three classes of events, outstanding work, the end
 * condition checked after every event, and a duration.
 */
import { describe, test, expect } from 'vitest';
import { Scheduler, type EventTarget } from '../../src/engine/scheduler.js';
import { Work, WorkError } from '../../src/engine/work.js';
import { Simulation } from '../../src/engine/simulation.js';
import { duration, workDone } from '../../src/engine/end.js';

/** A target that logs [name, time] and runs `then` when it fires. */
function target(sched: Scheduler, log: [string, number][], name: string, then: () => void = () => {}): EventTarget {
  return { fire: () => void (log.push([name, sched.now]), then()) };
}

/** A heartbeat every `everyMs`, from time 0, scheduled as an ordinary event; it throws past `max` beats. */
function heartbeat(sched: Scheduler, log: [string, number][], everyMs: number, max = 1000): void {
  let beats = 0;
  const beat: EventTarget = {
    fire() {
      log.push(['beat', sched.now]);
      if (++beats > max) throw new Error('the heartbeat kept the run going');
      sched.after(everyMs, beat);
    },
  };
  sched.at(0, beat);
}

describe('events held by a work', () => {
  test('keep the run going only while the work is open', () => {
    const s = new Scheduler();
    const w = new Work(s);
    const log: [string, number][] = [];
    s.atWhile(w, 10, target(s, log, 'held'));
    expect(s.liveEvents).toBe(0);
    s.run();
    expect(log).toEqual([]); // a daemon while the work is closed: nothing fired
    w.open();
    expect(s.liveEvents).toBe(1);
    s.run();
    expect(log).toEqual([['held', 10]]);
    expect(s.liveEvents).toBe(0);
  });

  test('a work closing while its events are pending lets the run end; cancelling one releases it', () => {
    const s = new Scheduler();
    const w = new Work(s);
    const log: [string, number][] = [];
    w.open();
    const h = s.atWhile(w, 5, target(s, log, 'a'));
    s.atWhile(w, 7, target(s, log, 'b'));
    s.at(3, target(s, log, 'closes', () => w.close()));
    expect(s.liveEvents).toBe(3);
    expect(s.cancel(h)).toBe(true);
    expect(s.liveEvents).toBe(2);
    s.run();
    expect(log).toEqual([['closes', 3]]);
    expect(s.liveEvents).toBe(0);
    expect(s.pending).toBe(2); // b, harmless, and the cancelled a (skipped when reached)
  });

  test('a work counts in its parent, unit for unit; closing more than was opened is an error', () => {
    const s = new Scheduler();
    const parent = new Work(s);
    const a = new Work(s, parent);
    const b = new Work(s, parent);
    a.open();
    a.open();
    b.open();
    expect([parent.count, a.count, b.count]).toEqual([3, 2, 1]);
    a.close();
    b.close();
    expect([parent.count, parent.isOpen, b.isOpen]).toEqual([1, true, false]);
    expect(() => b.close()).toThrow(WorkError);
  });
});

describe('the end condition', () => {
  test('a heartbeat scheduled as an ordinary event does not keep a run going once its work is done', () => {
    const sim = new Simulation({ seed: 1 });
    const s = sim.sched;
    const log: [string, number][] = [];
    heartbeat(s, log, 1000);
    // three requests, answered at 500, 2200 and 3700 ms
    for (const end of [500, 2200, 3700]) {
      sim.outstanding.open();
      s.at(end, target(s, log, 'answer', () => sim.outstanding.close()));
    }
    sim.run();
    expect(log).toEqual([
      ['beat', 0],
      ['answer', 500],
      ['beat', 1000],
      ['beat', 2000],
      ['answer', 2200],
      ['beat', 3000],
      ['answer', 3700],
    ]);
    expect(s.now).toBe(3700);
    expect(s.fired).toBe(7);
    expect(sim.outstanding.count).toBe(0);
  });

  test('a daemon heartbeat does not keep going a run whose work can never be done', () => {
    const sim = new Simulation({ seed: 1 });
    const s = sim.sched;
    const log: [string, number][] = [];
    let beats = 0;
    const beat: EventTarget = { fire: () => void (beats++, s.after(1000, beat, 0, undefined, true)) };
    s.at(0, beat, 0, undefined, true);
    sim.outstanding.open(); // a request nobody will answer
    s.at(2500, target(s, log, 'last ordinary event'));
    sim.run(workDone(sim.outstanding));
    expect(log).toEqual([['last ordinary event', 2500]]);
    expect([s.now, beats, sim.outstanding.count]).toEqual([2500, 3, 1]);
  });

  test('a duration: every event up to it fires, daemons included, and the clock ends there', () => {
    const sim = new Simulation({ seed: 1 });
    const s = sim.sched;
    const log: [string, number][] = [];
    const tick: EventTarget = { fire: () => void (log.push(['tick', s.now]), s.after(1000, tick, 0, undefined, true)) };
    s.at(0, tick, 0, undefined, true);
    s.at(1500, target(s, log, 'work'));
    s.at(3000, target(s, log, 'at the end'));
    s.at(3001, target(s, log, 'too late'));
    sim.run(duration(3000));
    expect(log).toEqual([['tick', 0], ['tick', 1000], ['work', 1500], ['tick', 2000], ['at the end', 3000], ['tick', 3000]]);
    expect(s.now).toBe(3000);
    const idle = new Simulation({ seed: 1 });
    idle.run(duration(250));
    expect(idle.sched.now).toBe(250);
    expect(() => duration(Infinity)).toThrow('finite');
  });

  test('work done or a duration, whichever comes first', () => {
    const make = () => {
      const sim = new Simulation({ seed: 1 });
      const log: [string, number][] = [];
      heartbeat(sim.sched, log, 1000);
      sim.outstanding.open();
      sim.sched.at(4200, target(sim.sched, log, 'answer', () => sim.outstanding.close()));
      return { sim, log };
    };
    const early = make();
    early.sim.run(workDone(early.sim.outstanding, 10_000));
    expect(early.sim.sched.now).toBe(4200);
    const cut = make();
    cut.sim.run(workDone(cut.sim.outstanding, 2500));
    expect(cut.sim.sched.now).toBe(2500);
    expect(cut.log).toEqual([['beat', 0], ['beat', 1000], ['beat', 2000]]);
    expect(cut.sim.outstanding.count).toBe(1);
  });
});
