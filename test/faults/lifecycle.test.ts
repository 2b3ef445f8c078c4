/**
 * The node lifecycle on its own: a tiny node kind that is not a server (it serves every call at
 * once, each for a fixed time, with no queue, and may pass its calls on downstream) gets crash,
 * restart, pause and slow by implementing the lifecycle's hooks, and the fault handlers reach it.
 */
import { describe, test, expect } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { DOWN, OUTCOMES, OK, type Call, type Outcome } from '../../src/engine/request.js';
import { ClientRequest } from '../../src/load/request.js';
import { faultWindows } from '../../src/faults/windows.js';
import type { Node, Caller } from '../../src/engine/node.js';
import type { EventTarget } from '../../src/engine/scheduler.js';
import { NodeLifecycle } from '../../src/faults/lifecycle.js';
import type { FaultableNode } from '../../src/faults/node-faults.js';
import { scheduleFaults } from '../../src/faults/index.js';
import type { FaultSpec } from '../../src/spec/scenario.js';

type Entry = [number, string, number | string];

/**
 * Serves each call for `serviceMs` (times the slow factor), all in parallel. While paused it holds
 * arrivals and freezes its timers; then, with a downstream, it sends the call on and passes the
 * answer back. It logs [time, what, request id].
 */
class Sleeper implements Node, Caller, EventTarget, FaultableNode {
  readonly lifecycle: NodeLifecycle;
  /** Calls in service: each one's event, and its end (the time it has left while paused). */
  private readonly inService = new Map<Call, { event: number; end: number }>();
  /** Calls that arrived during a pause. */
  private arrived: Call[] = [];
  /** Calls gone downstream. */
  private readonly sent = new Set<Call>();

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly serviceMs: number,
    private readonly log: Entry[],
    private readonly downstream: Node | null = null,
  ) {
    this.lifecycle = new NodeLifecycle(sim, id, {
      crashed: (now) => {
        log.push([now, 'crashed', this.inService.size + this.arrived.length + this.sent.size]);
        const lost = [...this.inService.keys(), ...this.arrived, ...this.sent];
        for (const { event } of this.inService.values()) sim.sched.cancel(event);
        this.inService.clear();
        this.arrived = [];
        this.sent.clear();
        for (const call of lost) call.lose(DOWN);
        return lost.length;
      },
      restarted: (now) => log.push([now, 'restarted', this.id]),
      paused: (now) => {
        log.push([now, 'paused', this.id]);
        for (const s of this.inService.values()) {
          sim.sched.cancel(s.event);
          s.end -= now;
        }
      },
      resumed: (now, held) => {
        log.push([now, 'resumed', this.id]);
        for (const [call, s] of this.inService) {
          s.end += now;
          s.event = sim.sched.at(s.end, this, 0, call);
        }
        const arrived = this.arrived;
        this.arrived = [];
        for (const call of arrived) this.start(call);
        for (const { call, outcome } of held) this.answer(call, outcome);
      },
      holdsWork: () => this.inService.size + this.arrived.length + this.sent.size > 0,
    });
  }

  call(call: Call): void {
    const life = this.lifecycle;
    if (life.down) return life.loseArrival(call);
    if (!life.paused) return this.start(call);
    this.arrived.push(call);
    life.keepAlive();
  }

  private start(call: Call): void {
    const end = this.sim.sched.now + this.serviceMs * this.lifecycle.slowFactor;
    this.log.push([this.sim.sched.now, 'start', call.req.id]);
    this.inService.set(call, { event: this.sim.sched.at(end, this, 0, call), end });
  }

  fire(_kind: number, arg: unknown): void {
    const call = arg as Call;
    this.inService.delete(call);
    if (this.downstream === null) return call.reply(OK);
    this.sent.add(call);
    call.send(this.downstream, this);
  }

  onReply(call: Call, outcome: Outcome): void {
    if (!this.sent.has(call)) return this.lifecycle.lateAnswer();
    if (this.lifecycle.paused) {
      this.log.push([this.sim.sched.now, 'held', call.req.id]);
      return this.lifecycle.hold(call, outcome, 0);
    }
    this.answer(call, outcome);
  }

  private answer(call: Call, outcome: Outcome): void {
    this.sent.delete(call);
    call.reply(outcome);
  }
}

/** Answers every call ok after `delayMs`. */
class Echo implements Node, EventTarget {
  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    private readonly delayMs: number,
  ) {}
  call(call: Call): void {
    this.sim.sched.after(this.delayMs, this, 0, call);
  }
  fire(_kind: number, arg: unknown): void {
    (arg as Call).reply(OK);
  }
}

/** A simulation with one Sleeper (`node`) and a client that sends request i at `times[i]` and logs its end. */
function setup(times: number[], serviceMs: number, echoMs: number | null = null) {
  const sim = new Simulation({ seed: 1 });
  const log: Entry[] = [];
  const node = new Sleeper(sim, 'node', serviceMs, log, echoMs === null ? null : new Echo(sim, 'echo', echoMs));
  sim.register(node);
  const client: Caller & EventTarget = {
    id: 'client',
    fire(_kind, arg) {
      const req = new ClientRequest(arg as number, sim.sched.now, true, false, sim.sched);
      req.owner = { onLost: (r) => log.push([sim.sched.now, 'lost', r.id]) };
      req.send(node, client);
    },
    onReply(call, outcome) {
      log.push([sim.sched.now, OUTCOMES[outcome], call.req.id]);
    },
  };
  times.forEach((t, i) => sim.sched.at(t, client, 0, i));
  /** Runs `f` on the node's lifecycle at `t` (a daemon event, as fault handlers schedule them, unless `daemon` is false). */
  const at = (t: number, f: (life: NodeLifecycle) => void, daemon = true) => sim.sched.at(t, { fire: () => f(node.lifecycle) }, 0, undefined, daemon);
  return { sim, log, node, at };
}

describe('crash and restart', () => {
  test('loses every call inside and every call that arrives while down; restarts empty', () => {
    const { sim, log, node, at } = setup([0, 1, 6, 9], 10);
    node.lifecycle.armFault('crash');
    at(5, (life) => life.crash(8));
    sim.sched.run();
    expect(log).toEqual([
      [0, 'start', 0],
      [1, 'start', 1],
      [5, 'crashed', 2],
      [5, 'lost', 0],
      [5, 'lost', 1],
      [6, 'lost', 2], // arrived while down
      [8, 'restarted', 'node'],
      [9, 'start', 3],
      [19, 'ok', 3],
    ]);
    expect(faultWindows(sim)).toEqual([{ node: 'node', kind: 'crash', start: 5, end: 8 }]);
    const extra: Record<string, unknown> = {};
    node.lifecycle.addFigures(extra, sim.sched.now);
    expect(extra).toEqual({ crashes: 1, downMs: 3, lostInCrash: 2, lostWhileDown: 1, lateAnswers: 0 });
  });

  test('a crash while down moves the restart later, never earlier; without a restart it stays down', () => {
    const { sim, log, at } = setup([7, 11, 20], 1);
    at(5, (life) => life.crash(8));
    at(6, (life) => life.crash(12));
    at(7, (life) => life.crash(9));
    sim.sched.run();
    expect(log).toEqual([[5, 'crashed', 0], [7, 'lost', 0], [11, 'lost', 1], [12, 'restarted', 'node'], [20, 'start', 2], [21, 'ok', 2]]);
    expect(faultWindows(sim)).toEqual([{ node: 'node', kind: 'crash', start: 5, end: 12 }]);

    const never = setup([0, 4], 10);
    never.node.lifecycle.armFault('crash');
    never.at(2, (life) => life.crash(Infinity));
    never.sim.sched.run();
    expect(never.log).toEqual([[0, 'start', 0], [2, 'crashed', 1], [2, 'lost', 0], [4, 'lost', 1]]);
    expect(faultWindows(never.sim)).toEqual([{ node: 'node', kind: 'crash', start: 2, end: Infinity }]);
    const extra: Record<string, unknown> = {};
    never.node.lifecycle.addFigures(extra, 10);
    expect(extra).toMatchObject({ crashes: 1, downMs: 8 }); // down from 2 until the time asked about
  });

  test('an answer for a call lost in the crash comes late and is ignored', () => {
    const { sim, log, node, at } = setup([0], 1, 10);
    node.lifecycle.armFault('crash');
    at(5, (life) => life.crash(6));
    sim.sched.run();
    expect(log).toEqual([[0, 'start', 0], [5, 'crashed', 1], [5, 'lost', 0], [6, 'restarted', 'node']]);
    const extra: Record<string, unknown> = {};
    node.lifecycle.addFigures(extra, sim.sched.now);
    expect(extra).toMatchObject({ lostInCrash: 1, lateAnswers: 1 });
  });
});

describe('pause', () => {
  test('stretches the timers running, holds arrivals and answers, and releases them in order at the end', () => {
    // 1 ms of service, then 2 ms at the echo. 0: answered at 3, before the pause; 1: at the echo
    // from 3, its answer comes at 5 and is held; 2: arrives at 6 and is held; both go on at 9
    const { sim, log, node, at } = setup([0, 2, 6], 1, 2);
    node.lifecycle.armFault('pause');
    at(4, (life) => life.pause(9));
    sim.sched.run();
    expect(log).toEqual([
      [0, 'start', 0],
      [2, 'start', 1],
      [3, 'ok', 0],
      [4, 'paused', 'node'],
      [5, 'held', 1],
      [9, 'resumed', 'node'],
      [9, 'start', 2],
      [9, 'ok', 1],
      [12, 'ok', 2],
    ]);
    expect(faultWindows(sim)).toEqual([{ node: 'node', kind: 'pause', start: 4, end: 9 }]);
  });

  test('a timer in progress ends late by the length of the pause', () => {
    const { sim, log, node, at } = setup([0], 10);
    node.lifecycle.armFault('pause');
    at(4, (life) => life.pause(9));
    sim.sched.run();
    expect(log).toEqual([[0, 'start', 0], [4, 'paused', 'node'], [9, 'resumed', 'node'], [15, 'ok', 0]]);
    const extra: Record<string, unknown> = {};
    node.lifecycle.addFigures(extra, sim.sched.now);
    expect(extra).toEqual({ pauses: 1, pausedMs: 5 });
  });

  test('overlapping pauses merge (the later end wins); a crash ends a pause; a crashed node is not paused', () => {
    const { sim, log, at } = setup([0], 10);
    at(2, (life) => life.pause(6));
    at(3, (life) => life.pause(8));
    at(4, (life) => life.pause(5)); // ends earlier: no change
    sim.sched.run();
    expect(log).toEqual([[0, 'start', 0], [2, 'paused', 'node'], [8, 'resumed', 'node'], [16, 'ok', 0]]);
    expect(faultWindows(sim)).toEqual([{ node: 'node', kind: 'pause', start: 2, end: 8 }]);

    const crashed = setup([0, 30], 10);
    crashed.at(2, (life) => life.pause(6));
    crashed.at(3, (life) => life.crash(4));
    crashed.at(3.5, (life) => life.pause(20)); // down: not paused
    crashed.sim.sched.run();
    expect(crashed.log).toEqual([
      [0, 'start', 0],
      [2, 'paused', 'node'],
      [3, 'crashed', 1],
      [3, 'lost', 0],
      [4, 'restarted', 'node'],
      [30, 'start', 1],
      [40, 'ok', 1],
    ]);
    expect(faultWindows(crashed.sim)).toEqual([
      { node: 'node', kind: 'pause', start: 2, end: 3 },
      { node: 'node', kind: 'crash', start: 3, end: 4 },
    ]);
  });

  test('an answer held when the node crashes is gone with its call: a later pause does not release it', () => {
    const { sim, log, at } = setup([0, 30], 1, 2);
    at(2, (life) => life.pause(10));
    at(5, (life) => life.crash(6));
    at(20, (life) => life.pause(25));
    sim.sched.run();
    expect(log).toEqual([
      [0, 'start', 0],
      [2, 'paused', 'node'],
      [3, 'held', 0],
      [5, 'crashed', 1],
      [5, 'lost', 0],
      [6, 'restarted', 'node'],
      [20, 'paused', 'node'],
      [25, 'resumed', 'node'],
      [30, 'start', 1],
      [33, 'ok', 1],
    ]);
  });

  test('a pause alone never keeps a run alive; a pause with calls inside does, until it ends', () => {
    const idle = setup([], 10);
    idle.at(2, (life) => life.pause(50), false);
    idle.sim.sched.run();
    expect(idle.sim.sched.now).toBe(2); // nothing left but the pause's end: the run is over
    expect(idle.node.lifecycle.paused).toBe(true);

    // a call arrives during the pause: the run waits for the end of the pause, then for the call
    const busy = setup([10], 1);
    busy.at(2, (life) => life.pause(50));
    busy.sim.sched.run();
    expect(busy.log).toEqual([[2, 'paused', 'node'], [50, 'resumed', 'node'], [50, 'start', 0], [51, 'ok', 0]]);

    // a call inside when the pause begins
    const inside = setup([0], 10);
    inside.at(2, (life) => life.pause(50));
    inside.sim.sched.run();
    expect(inside.log.at(-1)).toEqual([58, 'ok', 0]);
  });
});

describe('slow', () => {
  test('multiplies the service times that start in the window; overlapping slowdowns multiply', () => {
    const { sim, log, node, at } = setup([0, 10, 20, 30, 40], 2);
    node.lifecycle.armFault('slow');
    at(5, (life) => life.slow(3, 25));
    at(15, (life) => life.slow(2, Infinity));
    sim.sched.run();
    expect(log).toEqual([
      [0, 'start', 0],
      [2, 'ok', 0], // started before the slowdown
      [10, 'start', 1],
      [16, 'ok', 1], // x3
      [20, 'start', 2],
      [30, 'start', 3],
      [32, 'ok', 2], // x3 x2
      [34, 'ok', 3], // x2: the first slowdown ended at 25
      [40, 'start', 4],
      [44, 'ok', 4],
    ]);
    expect(faultWindows(sim)).toEqual([
      { node: 'node', kind: 'slow', start: 5, end: 25 },
      { node: 'node', kind: 'slow', start: 15, end: Infinity },
    ]);
    const extra: Record<string, unknown> = {};
    node.lifecycle.addFigures(extra, sim.sched.now);
    expect(extra).toEqual({ slowdowns: 2 });
  });

  test('a node without service times cannot be slowed', () => {
    const sim = new Simulation({ seed: 1 });
    const hooks = { crashed: () => 0, paused: () => {}, resumed: () => {}, holdsWork: () => false };
    expect(new NodeLifecycle(sim, 'a', hooks).supportsFault('slow')).toBe(true);
    expect(new NodeLifecycle(sim, 'b', hooks, { slowable: false }).supportsFault('slow')).toBe(false);
    expect(new NodeLifecycle(sim, 'b', hooks, { slowable: false }).supportsFault('crash')).toBe(true);
  });
});

describe('the fault handlers reach any node with a lifecycle', () => {
  test('crash, pause and slow from a scenario\'s faults, with the figures of the armed faults only', () => {
    const { sim, log, node } = setup([0, 20, 40], 4);
    const faults: FaultSpec[] = [
      { kind: 'slow', target: 'node', atMs: 15, forMs: 10, factor: 2 },
      { kind: 'crash', target: 'node', atMs: 22, restartAfterMs: 3 },
    ];
    scheduleFaults(sim, faults);
    sim.sched.run();
    expect(log).toEqual([
      [0, 'start', 0],
      [4, 'ok', 0],
      [20, 'start', 1], // slowed: 8 ms
      [22, 'crashed', 1],
      [22, 'lost', 1],
      [25, 'restarted', 'node'],
      [40, 'start', 2],
      [44, 'ok', 2],
    ]);
    const extra: Record<string, unknown> = {};
    node.lifecycle.addFigures(extra, sim.sched.now);
    expect(extra).toEqual({ crashes: 1, downMs: 3, lostInCrash: 1, lostWhileDown: 0, lateAnswers: 0, slowdowns: 1 });
    expect(node.lifecycle.armedAny).toBe(true);
  });
});
