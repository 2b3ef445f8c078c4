/**
 * The process runtime: it owns the addresses, the network, the faults and the clocks; the user's
 * processes own only their state and handlers (`api.ts`). FoundationDB's rule: a node's only doors
 * are the network, the clock and the disk, and the runtime injects the faults behind them.
 *
 * - Addresses: a group `{ name: n, count: 3 }` is `n[0]`, `n[1]`, `n[2]` (node-pattern syntax, so
 *   `n[*]` and `n[0..1]` name them in faults, clocks and partitions); a group without a count is
 *   the single address `n`. Workload clients are `client[0]`, `client[1]`, ...
 * - Every process is registered with the simulation as a node that owns a `NodeLifecycle`, so the
 *   scenario's `faults:` crash and pause it by pattern: a crash drops its object, its timers and
 *   what it held (messages that arrive while it is down are dropped with reason `down`) and keeps
 *   its durable storage; at the restart a fresh object gets `restart(ctx)`. A pause holds its
 *   incoming messages, timers and operations and hands them over, in arrival order, when it ends;
 *   its local clock runs on. A `slow` clogs its network interface, as FoundationDB's simulator
 *   clogs a machine: while a process is slowed by `factor`, every message it sends or that is sent
 *   to it takes `factor` times the delay its wire drew (transmission, latency and any reordering
 *   delay, drawn as usual: the wire's draws do not move); the factors of the two ends, read at the
 *   send, multiply. Client operations and replies travel on the perfect local connection: no delay
 *   to scale.
 * - Time: each process reads its local clock, `sim.clockOf(address)`; a timer is set on it and
 *   fires at the true time the clock reads its deadline. A clock step is a `clock-step` event.
 * - Clocks of causality: each node (process or client) has a Lamport clock and a vector clock,
 *   ticked by every event at it; a message carries its sender's at its send and its delivery
 *   merges them, exactly as `trace/event.ts` says. A `drop` and a `duplicate` tick nothing.
 * - Clients (`workload:`): each client runs one operation at a time: `invoke`, then a message to
 *   its process over a perfect local connection (no latency, no loss, no partition: the network
 *   under test is between processes), and the process's `ctx.reply`/`ctx.fail` comes back the
 *   same way; a client that hears nothing within the timeout completes the operation as `info`.
 *   Every operation enters the history (`history.jsonl`, check/history.ts's format).
 * - Invariants: after every event the program's `invariants` are checked; the first violation is a
 *   `violation` event and a `RunFailure`, and the run stops.
 *
 * When the run ends: the runtime's events keep the run going only while the run has work
 * (`Simulation.outstanding`: the workload's operations to issue or pending, a chain's requests);
 * a heartbeat alone never does. Without either, the run lasts exactly until `until`.
 * The messages still on their way then (in transit, or held by a pause) are `drop`s with reason
 * `end` at their receivers (`finish`), counted in `messages.dropped.end`, so every message sent is
 * delivered or dropped once; a run an invariant stopped ends at its violation instead.
 *
 * A chain can end at processes (the `process` step, `chain-step.ts`): its calls come from the trace
 * node `chain`, after the clients.
 */
import type { Simulation } from '../engine/simulation.js';
import type { EventHandle, EventTarget } from '../engine/scheduler.js';
import type { Rng } from '../engine/rng.js';
import type { Node } from '../engine/node.js';
import type { Clock } from '../engine/clock.js';
import { LocalClock } from '../engine/clock.js';
import { jsonState } from './json-state.js';
import { Work } from '../engine/work.js';
import { NodePattern } from '../engine/node-pattern.js';
import { NodeLifecycle } from '../faults/lifecycle.js';
import { LOST, type Wire } from '../net/wire.js';
import type { TraceEvent, TraceKind, TraceOp, DropReason } from '../trace/event.js';
import { boundedPayload } from '../trace/event.js';
import { Clocked, merge, tick, vcObject } from '../trace/clocks.js';
import type { TraceWriter } from '../trace/writer.js';
import type { ProcessesSpec, ScriptedOp } from '../spec/process.js';
import type { Body, Context, Durable, InFlight, Invariant, Operation, Process, ProcessKind, World } from './api.js';
import { ProcessNetwork } from './network.js';
import { WorkloadDraws, WorkloadScript } from './workload.js';
import { enter, leave } from './guard.js';
import { ProgramError } from './errors.js';

/** A program, loaded (see `program.ts`): its kinds and invariants, and how to name a place in it. */
export interface LoadedProgram {
  /** The program file, as the scenario names it. */
  file: string;
  /** The process kinds by the name they are exported under. */
  kinds: ReadonlyMap<string, ProcessKind>;
  /** The invariants by name, in the order exported. */
  invariants: readonly [string, Invariant][];
  /** The properties checked once at the end of the run (`atEnd`), by name, in the order exported. */
  atEnd?: readonly [string, Invariant][];
  /** The user's file:line:col in an error's stack (the first frame in the program's own files), if any. */
  locate(error: unknown): string | undefined;
}

export interface RuntimeOptions {
  trace?: TraceWriter;
  /** Chains call processes (`process` steps): their calls come from the trace node `chain`. */
  gateway?: boolean;
  /** For the trace header. */
  scenario?: string;
}

// Event kinds.
const START = 0;
const DELIVER = 1;
const TIMER = 2;
const CLOCK_STEP = 3;
const REPLAY = 4;
const ISSUE = 5;
const TIMEOUT = 6;
const ARRIVAL = 7;
const SETTLED = 8;

// Message kinds.
const MSG = 0;
const OP = 1;
const REPLY = 2;

/** A message on its way. */
class Envelope implements InFlight {
  constructor(
    readonly msg: number,
    readonly copy: number,
    readonly kind: number,
    readonly sender: Clocked,
    readonly receiver: Clocked,
    readonly body: Body,
    readonly type: string | undefined,
    readonly lamport: number,
    readonly vc: Int32Array,
    /** The wire it travels on (null: the perfect local connection of a client or a chain). */
    readonly wire: Wire | null,
    /** Its number in its wire's sending order. */
    readonly wireSeq: number,
    /** OP and REPLY: the operation. */
    readonly op: PendingOp | null,
    /** REPLY: ok or fail. */
    readonly outcome: 'ok' | 'fail' | null,
    readonly result: unknown,
  ) {}
  get from(): string {
    return this.sender.address;
  }
  get to(): string {
    return this.receiver.address;
  }
}

/** A timer set by a process: current while it is the host's entry for its name. */
class TimerEntry {
  handle: EventHandle = -1;
  constructor(
    readonly host: Host,
    readonly name: string,
  ) {}
}

/** Something a paused process holds until it resumes. */
type Held = Envelope | TimerEntry;

/** An operation a client (or a chain) invoked and that has not completed. */
class PendingOp {
  timeout: EventHandle = -1;
  done = false;
  constructor(
    readonly op: Operation,
    readonly client: Clocked,
    /** A chain's call: what to do with the answer (no history, no timeout: the chain has its own). */
    readonly answered: ((outcome: 'ok' | 'fail') => void) | null = null,
    /** A chain's call: the process was down when it arrived (the call is lost). */
    readonly lost: (() => void) | null = null,
  ) {}
}

class Client extends Clocked {
  busy = false;
}

class DurableMap implements Durable {
  readonly map = new Map<string, unknown>();
  get<T = unknown>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  set(key: string, value: unknown): void {
    this.map.set(key, deepFreeze(value));
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

/** One process: its address, kind, object (null while down), timers, durable storage and lifecycle. */
class Host extends Clocked implements Node {
  obj: Process | null = null;
  readonly timers = new Map<string, TimerEntry>();
  readonly durable = new DurableMap();
  held: Held[] = [];
  readonly lifecycle: NodeLifecycle;
  readonly clock: Clock;
  readonly rng: Rng;
  ctx!: Context;

  constructor(
    index: number,
    address: string,
    nodes: number,
    readonly kindName: string,
    runtime: ProcessRuntime,
    sim: Simulation,
  ) {
    super(index, address, nodes);
    this.clock = sim.clockOf(address);
    this.rng = sim.rng(`process/${address}`);
    this.lifecycle = new NodeLifecycle(sim, address, runtime.hooksFor(this));
  }

  get id(): string {
    return this.address;
  }

  call(): void {
    throw new Error(`the process ${this.address} takes client operations from the workload, not calls from a chain`);
  }

  /**
   * Its state as JSON (engine/node.ts `Stateful`, what `replay --until N` dumps): its kind, whether
   * it is down or paused, its local clock, the user object's own enumerable fields (null while
   * down), its durable storage, its pending timers by name and how many messages and timers a
   * pause holds for it. Values that are not JSON become strings (json-state.ts).
   */
  state(): Record<string, unknown> {
    return {
      kind: this.kindName,
      down: this.lifecycle.down,
      paused: this.lifecycle.paused,
      local: this.clock.now(),
      object: this.obj === null ? null : jsonState(this.obj),
      durable: jsonState(Object.fromEntries(this.durable.map)),
      timers: [...this.timers.keys()],
      held: this.held.length,
    };
  }
}

/** An invariant that did not hold: its name, its message, and the event after which it was seen (a `RunFailure` of kind invariant). */
export interface InvariantViolation {
  property: string;
  message: string;
  atMs: number;
  event: number;
}

/** A process's figures and the run's, for the summary. */
export interface ProcessFigures {
  processes: number;
  events: number;
  messages: {
    sent: number;
    delivered: number;
    dropped: Record<Exclude<DropReason, 'queue'>, number>;
    duplicated: number;
    reordered: number;
    /** Messages whose delay a slowed end multiplied (only when a `slow` fault targets a process). */
    slowed?: number;
  };
  /** Slowdowns that began on processes (only when a `slow` fault targets a process). */
  slowdowns?: number;
  timers: number;
  operations: { invoked: number; ok: number; fail: number; info: number; pending: number };
}

export class ProcessRuntime implements EventTarget {
  readonly hosts: Host[] = [];
  private readonly byAddress = new Map<string, Host>();
  private readonly clients: Client[] = [];
  /** The node chains' calls come from (`process` steps), if any. */
  private readonly gateway: Clocked | null;
  /** The work the runtime's events keep the run going for: the run's own (a workload's or a chain's), or none. */
  private readonly keepAlive: Work | null;
  readonly network: ProcessNetwork;
  readonly addresses: string[];
  private readonly nodes: number;
  private readonly trace: TraceWriter | null;
  private program: LoadedProgram | null = null;
  /** The event number of the next trace event. */
  private seq = 0;
  private msgIds = 0;
  private current: Host | null = null;
  private readonly inFlight = new Map<number, Envelope>();
  private trackInFlight: boolean;
  private readonly processes: Record<string, Process | undefined> = {};
  private readonly world: World;
  /** The invariant that failed, if one did (the run stopped there): at most one. */
  readonly violations: InvariantViolation[] = [];
  private stopped = false;
  /** Whether the run ended (`finish`), not stopped at an event by a replay. */
  private finished = false;
  /** The history's lines (JSON), in real-time order. */
  readonly history: string[] = [];
  /** For each history line: the seq of its trace event (the invoke or complete) and the client it happened at. */
  private readonly historyEvents: number[] = [];
  private readonly historyNodes: Clocked[] = [];
  // workload
  private readonly draws: WorkloadDraws | null;
  /** A written-out workload (`operations:` as a list): its operations, in place of the draws. */
  private readonly script: WorkloadScript | null = null;
  /** Every operation the workload's clients issued, in order, as a written-out workload would say it (the shrinker writes them into the shrunk scenario). */
  readonly issuedOps: ScriptedOp[] = [];
  private readonly targets: Host[] = [];
  private readonly work: Work | null = null;
  private issued = 0;
  private completed = 0;
  private readonly waiting: number[] = [];
  private opIds = 0;
  private readonly pendingOps = new Map<number, PendingOp>();
  // figures
  private sent = 0;
  private delivered = 0;
  /** Messages dropped at a down process (those lost or cut on the way are the wires' figures). */
  private droppedDown = 0;
  private timersFired = 0;
  /** Messages (copies included) on their way: sent and neither handled nor dropped; a pause's held ones included. */
  private unsettled = 0;
  /** With a trace: those messages, in the order they were sent (for their `end` drops). */
  private readonly traveling: Set<Envelope> | null;
  /** Messages still on their way when the run ended (`end` drops). */
  private droppedEnd = 0;
  /** Messages whose delay a slowed end multiplied. */
  private slowed = 0;
  private readonly outcomes = { ok: 0, fail: 0, info: 0 };

  constructor(
    private readonly sim: Simulation,
    private readonly spec: ProcessesSpec,
    options: RuntimeOptions = {},
  ) {
    const addresses: { address: string; kind: string }[] = [];
    for (const g of spec.groups) {
      if (g.count === undefined) addresses.push({ address: g.name, kind: g.kind });
      else for (let i = 0; i < g.count; i++) addresses.push({ address: `${g.name}[${i}]`, kind: g.kind });
    }
    const clientCount = spec.workload?.clients ?? 0;
    this.nodes = addresses.length + clientCount + (options.gateway === true ? 1 : 0);
    this.addresses = addresses.map((a) => a.address);
    addresses.forEach(({ address, kind }, i) => {
      const host = new Host(i, address, this.nodes, kind, this, sim);
      this.hosts.push(host);
      this.byAddress.set(address, host);
      sim.register(host);
    });
    for (let i = 0; i < clientCount; i++) this.clients.push(new Client(addresses.length + i, `client[${i}]`, this.nodes));
    this.gateway = options.gateway === true ? new Clocked(addresses.length + clientCount, 'chain', this.nodes) : null;
    this.keepAlive = spec.workload !== undefined || this.gateway !== null ? sim.outstanding : null;
    runtimes.set(sim, this);
    this.network = new ProcessNetwork(sim, this.addresses, spec.network);
    this.trace = options.trace ?? null;
    this.traveling = this.trace !== null ? new Set() : null;
    this.trackInFlight = false; // until a program with invariants or atEnd properties starts
    const runtime = this;
    this.world = {
      get now() {
        return runtime.sim.sched.now;
      },
      processes: this.processes,
      durable: (address: string) => Object.fromEntries(runtime.byAddress.get(address)?.durable.map ?? []),
      inFlight: () => [...runtime.inFlight.values()],
    };
    const w = spec.workload;
    if (w?.script !== undefined) {
      // the schema checked that every operation's process exists
      this.script = new WorkloadScript(w.script, w.clients);
      this.draws = null;
      this.work = new Work(sim.sched, sim.outstanding);
    } else if (w !== undefined) {
      const patterns = w.to.map((p) => new NodePattern(p));
      for (const h of this.hosts) if (patterns.some((p) => p.matches(h.address))) this.targets.push(h);
      if (this.targets.length === 0) throw new ProgramError(`workload.to: ${w.to.map((p) => JSON.stringify(p)).join(', ')} names no process; the processes are ${this.addresses.slice(0, 4).join(', ')}${this.addresses.length > 4 ? ', ...' : ''}`);
      this.draws = new WorkloadDraws(sim, w, this.targets.length);
      this.work = new Work(sim.sched, sim.outstanding);
    } else {
      this.draws = null;
    }
    if (this.trace !== null) {
      this.trace.header({ trace: 1, scenario: options.scenario ?? '', seed: sim.seed, nodes: this.nodeAddresses });
    }
  }

  /** The trace's node addresses: processes, then clients, then `chain` if a chain calls processes. */
  /** The number of the last event so far (-1 before the first): events are numbered from 0 as trace.jsonl and failures number them, with or without a trace. */
  get lastEvent(): number {
    return this.seq - 1;
  }

  get nodeAddresses(): string[] {
    return [...this.addresses, ...this.clients.map((c) => c.address), ...(this.gateway !== null ? [this.gateway.address] : [])];
  }

  /**
   * Starts the run: checks the program against the processes (every kind exported), and schedules
   * every process's start at time 0, the clock steps and the workload.
   */
  start(program: LoadedProgram): void {
    this.program = program;
    this.trackInFlight = program.invariants.length > 0 || (program.atEnd?.length ?? 0) > 0;
    for (const h of this.hosts) {
      if (!program.kinds.has(h.kindName)) throw new ProgramError(`the program does not export the kind ${h.kindName}`);
    }
    for (const h of this.hosts) this.at(0, START, h);
    for (const h of this.hosts) {
      if (!(h.clock instanceof LocalClock)) continue;
      for (const step of h.clock.settings.steps) if (step.byMs !== 0 && step.atMs >= 0) this.at(step.atMs, CLOCK_STEP, { host: h, byMs: step.byMs });
    }
    if (this.draws !== null && this.work !== null) {
      const w = this.spec.workload!;
      if (w.operations > 0) this.work.open();
      if (w.ratePerMs !== undefined) this.at(this.draws.interarrivalMs(), ARRIVAL, undefined);
      else for (const c of this.clients) this.at(this.draws.thinkMs(c.index - this.hosts.length), ISSUE, c);
    } else if (this.script !== null && this.work !== null) {
      if (this.spec.workload!.operations > 0) this.work.open();
      for (const c of this.clients) {
        const next = this.script.peek(c.index - this.hosts.length);
        if (next !== undefined) this.at(next.atMs, ISSUE, c);
      }
    }
  }

  /** Schedules an event of the runtime: it keeps the run going while the run's work (a workload's operations, a chain's requests) is not done; a daemon when there is neither. */
  private at(time: number, kind: number, arg: unknown): EventHandle {
    return this.keepAlive !== null ? this.sim.sched.atWhile(this.keepAlive, time, this, kind, arg) : this.sim.sched.at(time, this, kind, arg, true);
  }

  fire(kind: number, arg: unknown): void {
    if (this.stopped) return;
    switch (kind) {
      case START:
        return this.startHost(arg as Host);
      case DELIVER:
        return this.deliver(arg as Envelope);
      case TIMER:
        return this.timerDue(arg as TimerEntry);
      case REPLAY:
        return this.replay(arg as Held);
      case CLOCK_STEP: {
        const { host, byMs } = arg as { host: Host; byMs: number };
        this.emit(host, 'clock-step', { stepMs: byMs });
        return this.check(host);
      }
      case ISSUE:
        return this.issue(arg as Client);
      case TIMEOUT:
        return this.timeout(arg as PendingOp);
      case ARRIVAL:
        return this.arrival();
      case SETTLED:
        return this.work!.close();
    }
  }

  // Processes.

  private startHost(h: Host): void {
    if (h.lifecycle.down) return; // crashed before it started: its restart starts it
    this.build(h);
    this.call(h, 'start', () => h.obj!.start?.(h.ctx));
  }

  /** A fresh object of the host's kind, and its context. */
  private build(h: Host): void {
    const kind = (this.program as LoadedProgram).kinds.get(h.kindName) as ProcessKind;
    let obj: Process;
    try {
      enter();
      obj = isClass(kind) ? new (kind as new () => Process)() : (kind as () => Process)();
    } catch (e) {
      leave();
      throw this.userError(e, `building the process ${h.address} (kind ${h.kindName})`);
    }
    leave();
    if (typeof obj !== 'object' || obj === null) throw new ProgramError(`${this.program!.file}: the kind ${h.kindName} returned ${obj === null ? 'null' : typeof obj}, not a process object`);
    h.obj = obj;
    this.processes[h.address] = obj;
    h.ctx ??= this.context(h);
  }

  /** Runs one handler of `h`, then checks the invariants. */
  private call(h: Host, what: string, body: () => void): void {
    this.current = h;
    enter();
    try {
      body();
    } catch (e) {
      leave();
      this.current = null;
      throw this.userError(e, `the ${what} handler of ${h.address} (kind ${h.kindName})`);
    }
    leave();
    this.current = null;
    this.check(h);
  }

  private deliver(env: Envelope): void {
    if (env.wire !== null) env.wire.arrived(0, env.wireSeq);
    if (env.kind === REPLY) {
      return this.replyArrives(env);
    }
    this.reach(env);
  }

  /** A message or operation reaches its process: dropped if it is down, held if it is paused, else handled. */
  private reach(env: Envelope): void {
    const h = env.receiver as Host;
    if (h.lifecycle.down) {
      this.dropDown(env, h);
      return this.check(h);
    }
    if (h.lifecycle.paused) {
      h.held.push(env);
      return;
    }
    this.handle(h, env);
  }

  /** A message or operation reaches `h` while it is down: dropped, and a chain's call lost. */
  private dropDown(env: Envelope, h: Host): void {
    this.settle(env);
    this.droppedDown++;
    this.emitDrop(env, 'down', h);
    if (env.op !== null && env.op.lost !== null) {
      // a chain's call is lost, as a call to a crashed server is: a timeout step before it answers it
      this.pendingOps.delete(env.op.op.id);
      env.op.lost();
    }
  }

  /** A message or operation reaches a process that is up and running. */
  private handle(h: Host, env: Envelope): void {
    this.settle(env);
    this.delivered++;
    merge(h, env);
    if (this.trace !== null) this.record(h, 'deliver', { msg: env.msg, copy: env.copy, from: env.sender.address, to: h.address, type: env.type, body: env.body }, null);
    else this.seq++;
    if (env.kind === OP) {
      const p = env.op as PendingOp;
      return this.call(h, 'operation', () => h.obj!.operation?.(h.ctx, p.op));
    }
    // the hot path (a message between processes): no closure
    const obj = h.obj as Process;
    if (obj.message === undefined) return this.check(h);
    this.current = h;
    enter();
    try {
      obj.message(h.ctx, env.sender.address, env.body);
    } catch (e) {
      leave();
      this.current = null;
      throw this.userError(e, `the message handler of ${h.address} (kind ${h.kindName})`);
    }
    leave();
    this.current = null;
    this.check(h);
  }

  private timerDue(t: TimerEntry): void {
    const h = t.host;
    if (h.timers.get(t.name) !== t) return;
    if (h.lifecycle.paused) {
      h.held.push(t);
      return;
    }
    this.runTimer(t);
  }

  private runTimer(t: TimerEntry): void {
    const h = t.host;
    h.timers.delete(t.name);
    this.timersFired++;
    this.emit(h, 'timer', { timer: t.name });
    this.call(h, 'timer', () => h.obj!.timer?.(h.ctx, t.name));
  }

  /** What a pause held, handed over when it ended (a crash since then cleared its timers and dropped its messages). */
  private replay(item: Held): void {
    if (item instanceof TimerEntry) this.timerDue(item);
    else this.reach(item);
  }

  /** The lifecycle hooks of a host (crash, restart, pause, resume). */
  hooksFor(h: Host) {
    return {
      crashed: () => {
        this.emit(h, 'crash', {});
        h.obj = null;
        this.processes[h.address] = undefined;
        for (const t of h.timers.values()) this.sim.sched.cancel(t.handle);
        h.timers.clear();
        const held = h.held;
        h.held = [];
        for (const item of held) if (item instanceof Envelope) this.dropDown(item, h);
        this.check(h);
        return 0;
      },
      restarted: () => {
        if (this.program === null) return;
        this.emit(h, 'restart', {});
        this.build(h);
        const obj = h.obj!;
        this.call(h, obj.restart !== undefined ? 'restart' : 'start', () => (obj.restart !== undefined ? obj.restart(h.ctx) : obj.start?.(h.ctx)));
      },
      paused: () => {
        this.emit(h, 'pause', {});
        this.check(h);
      },
      resumed: () => {
        this.emit(h, 'resume', {});
        const held = h.held;
        h.held = [];
        for (const item of held) this.at(this.sim.sched.now, REPLAY, item);
        this.check(h);
      },
      holdsWork: () => false,
    };
  }

  // The context.

  private context(h: Host): Context {
    const runtime = this;
    const peers = Object.freeze(this.addresses.filter((a) => a !== h.address));
    const live = (what: string) => {
      if (runtime.current !== h) throw new Error(`ctx.${what} of ${h.address} was called outside its handler (a handler must do its work before it returns: no callbacks, no promises)`);
    };
    return Object.freeze({
      self: h.address,
      peers,
      durable: h.durable,
      now: () => h.clock.now(),
      send(to: string, body: Body) {
        live('send');
        runtime.send(h, to, body);
      },
      setTimer(name: string, afterMs: number) {
        live('setTimer');
        if (!(afterMs >= 0) || !Number.isFinite(afterMs)) throw new Error(`ctx.setTimer("${name}", ${afterMs}): expected a time of at least 0 ms`);
        const old = h.timers.get(name);
        if (old !== undefined) runtime.sim.sched.cancel(old.handle);
        const t = new TimerEntry(h, name);
        t.handle = runtime.at(h.clock.toTrue(h.clock.now() + afterMs), TIMER, t);
        h.timers.set(name, t);
      },
      cancelTimer(name: string) {
        live('cancelTimer');
        const t = h.timers.get(name);
        if (t === undefined) return;
        runtime.sim.sched.cancel(t.handle);
        h.timers.delete(name);
      },
      random: () => h.rng(),
      randomBelow: (n: number) => Math.floor(h.rng() * n),
      reply(op: Operation, result?: unknown) {
        live('reply');
        runtime.answer(h, op, 'ok', result);
      },
      fail(op: Operation, reason?: string) {
        live('fail');
        runtime.answer(h, op, 'fail', reason);
      },
      log(text: string) {
        live('log');
        runtime.emit(h, 'log', { text: String(text) });
      },
    });
  }

  private send(h: Host, to: string, body: Body): void {
    const target = this.byAddress.get(to);
    if (target === undefined) throw new Error(`ctx.send: there is no process at ${JSON.stringify(to)}; the addresses are ${this.addresses.join(', ')}`);
    deepFreeze(body);
    const msg = this.msgIds++;
    const type = typeOf(body);
    this.sent++;
    if (this.trace !== null) this.emit(h, 'send', { msg, from: h.address, to, type, body });
    else {
      tick(h);
      this.seq++;
    }
    let at = this.network.transmit(h.index, target.index);
    const wire = this.network.sentOn;
    let copyAt = wire.copyAt;
    // a slowed end (clogged interface): the delay the wire drew, times the factors of both ends
    const slow = h.lifecycle.slowFactor * target.lifecycle.slowFactor;
    if (slow !== 1 && at !== LOST) {
      const now = this.sim.sched.now;
      at = now + (at - now) * slow;
      copyAt = now + (copyAt - now) * slow; // NaN (no copy) stays NaN
      this.slowed++;
    }
    const vc = h.vc.slice();
    const env = new Envelope(msg, 0, MSG, h, target, body, type, h.lamport, vc, wire, wire.seq, null, null, undefined);
    if (at === LOST) {
      const reason = this.network.cut ? 'partition' : 'loss';
      this.emitDrop(env, reason, h);
      return;
    }
    this.dispatch(at, env);
    if (!Number.isNaN(copyAt)) {
      const copy = new Envelope(msg, 1, MSG, h, target, body, type, h.lamport, vc, wire, wire.seq, null, null, undefined);
      if (this.trace !== null) this.record(h, 'duplicate', { msg, copy: 1, from: h.address, to, type }, env);
      else this.seq++;
      this.dispatch(copyAt, copy);
    }
  }

  /**
   * A message (or copy, operation, reply) will reach its receiver at `time`: it is on its way until
   * it is handled (a message held by a pause is still on its way, as the trace has it), and an
   * original is in the world's `inFlight()` for as long.
   */
  private dispatch(time: number, env: Envelope): void {
    this.unsettled++;
    if (this.traveling !== null) this.traveling.add(env);
    if (this.trackInFlight && env.copy === 0) this.inFlight.set(env.msg, env);
    this.at(time, DELIVER, env);
  }

  /** A message is no longer on its way: handled, answered, or dropped at a down process (a copy's end leaves its original on its way). */
  private settle(env: Envelope): void {
    this.unsettled--;
    if (this.traveling !== null) this.traveling.delete(env);
    if (this.trackInFlight && env.copy === 0) this.inFlight.delete(env.msg);
  }

  // Clients and operations.

  private arrival(): void {
    const w = this.spec.workload!;
    if (this.issued + this.waiting.length >= w.operations) return;
    const idle = this.clients.find((c) => !c.busy);
    if (idle !== undefined) this.issue(idle);
    else this.waiting.push(this.sim.sched.now);
    if (this.issued + this.waiting.length < w.operations) this.at(this.sim.sched.now + this.draws!.interarrivalMs(), ARRIVAL, undefined);
  }

  private issue(c: Client): void {
    const w = this.spec.workload!;
    if (this.issued >= w.operations || c.busy) return;
    const client = c.index - this.hosts.length;
    let op: Operation;
    let target: Host;
    if (this.script !== null) {
      const s = this.script.take(client);
      op = Object.freeze({ id: this.opIds++, client, f: s.f, ...(s.key !== undefined && { key: s.key }), ...(s.value !== undefined && { value: s.value }) });
      target = this.byAddress.get(s.to) as Host;
    } else {
      const draws = this.draws as WorkloadDraws;
      const drawn = draws.op();
      op = Object.freeze({ id: this.opIds++, client, ...drawn });
      target = this.targets[draws.target(client)];
    }
    this.issuedOps.push({ atMs: this.sim.sched.now, client, to: target.address, f: op.f, ...(op.key !== undefined && { key: op.key }), ...(op.value !== undefined && { value: op.value }) });
    this.issued++;
    c.busy = true;
    const p = new PendingOp(op, c);
    this.pendingOps.set(op.id, p);
    this.historyLine(client, 'invoke', op, op.value);
    this.emit(c, 'invoke', { to: target.address, op: traceOp(op) });
    const msg = this.msgIds++;
    this.sent++;
    const body = opBody(op);
    this.emit(c, 'send', { msg, from: c.address, to: target.address, type: op.f, body });
    const env = new Envelope(msg, 0, OP, c, target, body, op.f, c.lamport, c.vc.slice(), null, -1, p, null, undefined);
    this.dispatch(this.sim.sched.now, env);
    p.timeout = this.sim.sched.at(this.sim.sched.now + w.timeoutMs, this, TIMEOUT, p);
  }

  /**
   * A chain's call reaches the process at index `target` (a `process` step): it becomes an
   * operation `{ f, key }` from the node `chain`, and `answered` gets its outcome when the process
   * replies or fails it; `lost` is called when the process is down when the call arrives (the call
   * is lost, as a call to a crashed server is). A process that never answers leaves the call
   * waiting: put a `timeout` step before the `process` step.
   */
  callFromChain(target: number, f: string, key: number, answered: (outcome: 'ok' | 'fail') => void, lost: () => void): void {
    const g = this.gateway as Clocked;
    const host = this.hosts[target];
    const op: Operation = Object.freeze({ id: this.opIds++, client: -1, f, ...(key >= 0 && { key }) });
    const p = new PendingOp(op, g, answered, lost);
    this.pendingOps.set(op.id, p);
    const msg = this.msgIds++;
    this.sent++;
    const body = opBody(op);
    this.emit(g, 'send', { msg, from: g.address, to: host.address, type: f, body });
    const env = new Envelope(msg, 0, OP, g, host, body, f, g.lamport, g.vc.slice(), null, -1, p, null, undefined);
    this.dispatch(this.sim.sched.now, env);
  }

  /** A process answers an operation: the answer travels back to its client. Answers to operations already complete are ignored. */
  private answer(h: Host, op: Operation, outcome: 'ok' | 'fail', result: unknown): void {
    const p = this.pendingOps.get(op?.id);
    if (p === undefined) return;
    if (result !== undefined) deepFreeze(result);
    const msg = this.msgIds++;
    this.sent++;
    const body = { type: outcome, op: op.id, ...(result !== undefined && { result }) };
    this.emit(h, 'send', { msg, from: h.address, to: p.client.address, type: outcome, body });
    const env = new Envelope(msg, 0, REPLY, h, p.client, body, outcome, h.lamport, h.vc.slice(), null, -1, p, outcome, result);
    this.dispatch(this.sim.sched.now, env);
  }

  private replyArrives(env: Envelope): void {
    this.settle(env);
    const c = env.receiver;
    this.delivered++;
    merge(c, env);
    this.emit(c, 'deliver', { msg: env.msg, copy: env.copy, from: env.sender.address, to: c.address, type: env.type, body: env.body }, false);
    const p = env.op as PendingOp;
    if (p.answered !== null) {
      if (p.done) return;
      p.done = true;
      this.pendingOps.delete(p.op.id);
      this.check(null);
      return p.answered(env.outcome as 'ok' | 'fail');
    }
    if (!p.done) {
      this.sim.sched.cancel(p.timeout);
      const value = env.outcome === 'ok' && p.op.f === 'read' ? env.result : p.op.value;
      this.complete(p, env.outcome as 'ok' | 'fail', value);
    }
    this.check(null);
  }

  private timeout(p: PendingOp): void {
    if (p.done) return;
    this.complete(p, 'info', p.op.value);
    this.check(null);
  }

  private complete(p: PendingOp, type: 'ok' | 'fail' | 'info', value: unknown): void {
    p.done = true;
    this.pendingOps.delete(p.op.id);
    this.outcomes[type]++;
    const c = p.client as Client;
    c.busy = false;
    this.historyLine(p.op.client, type, p.op, value);
    this.emit(c, 'complete', { op: { ...traceOp(p.op), ...(value !== undefined && { value }), type } });
    this.completed++;
    const w = this.spec.workload!;
    if (this.completed === w.operations) {
      // the liveness phase: the run goes on `settle` longer, with no new operation
      if (this.spec.settleMs !== undefined && this.spec.settleMs > 0) this.at(this.sim.sched.now + this.spec.settleMs, SETTLED, undefined);
      else this.work!.close();
      return;
    }
    if (this.script !== null) {
      const next = this.script.peek(p.op.client);
      if (next !== undefined) this.at(Math.max(this.sim.sched.now, next.atMs), ISSUE, c);
    } else if (w.ratePerMs !== undefined) {
      if (this.waiting.length > 0) {
        this.waiting.shift();
        this.at(this.sim.sched.now, ISSUE, c);
      }
    } else if (this.issued < w.operations) {
      this.at(this.sim.sched.now + this.draws!.thinkMs(p.op.client), ISSUE, c);
    }
  }

  private historyLine(client: number, type: string, op: Operation, value: unknown): void {
    const e: Record<string, unknown> = { process: client, type, f: op.f };
    if (op.key !== undefined) e.key = op.key;
    if (value !== undefined) e.value = value;
    e.time = this.sim.sched.now;
    this.history.push(JSON.stringify(e));
    // its event (invoke or complete) is the next one, at the client
    this.historyEvents.push(this.seq);
    this.historyNodes.push(this.clients[client]);
  }

  // Events, clocks and invariants.

  /** An event at `node`: ticks its clocks (unless `merged`: a delivery already did) and writes it to the trace. */
  private emit(node: Clocked, kind: TraceKind, fields: Partial<TraceEvent>, ticks = true): void {
    if (ticks) tick(node);
    if (this.trace === null) {
      this.seq++;
      return;
    }
    this.record(node, kind, fields, null);
  }

  /** A drop: at `where`, with the message's clocks at its send; it ticks nothing. A copy's drop leaves its original in flight. */
  private emitDrop(env: Envelope, reason: DropReason, where: Clocked): void {
    if (this.trace === null) {
      this.seq++;
      return;
    }
    this.record(where, 'drop', { msg: env.msg, ...(env.copy !== 0 && { copy: env.copy }), from: env.sender.address, to: env.receiver.address, type: env.type, reason }, env);
  }

  /** Writes one trace event; `clocks`: a message whose clocks it carries (drop, duplicate), else the node's. */
  private record(node: Clocked, kind: TraceKind, fields: Partial<TraceEvent>, clocks: Envelope | null): void {
    const host = node instanceof Host ? node : null;
    const e: TraceEvent = {
      t: this.sim.sched.now,
      seq: this.seq++,
      node: node.address,
      kind,
      ...(host !== null && { local: host.clock.now() }),
      lamport: clocks !== null ? clocks.lamport : node.lamport,
      vc: this.vcObject(clocks !== null ? clocks.vc : node.vc),
    };
    if (fields.msg !== undefined) e.msg = fields.msg;
    if (fields.copy) e.copy = fields.copy;
    if (fields.from !== undefined) e.from = fields.from;
    if (fields.to !== undefined) e.to = fields.to;
    if (fields.type !== undefined) e.type = fields.type;
    if (fields.body !== undefined) e.body = boundedPayload(fields.body);
    if (fields.reason !== undefined) e.reason = fields.reason;
    if (fields.timer !== undefined) e.timer = fields.timer;
    if (fields.stepMs !== undefined) e.stepMs = fields.stepMs;
    if (fields.text !== undefined) e.text = fields.text;
    if (fields.op !== undefined) e.op = fields.op;
    if (fields.about !== undefined) e.about = fields.about;
    (this.trace as TraceWriter).event(e);
  }

  /** The trace's addresses, by vector-clock entry: `nodeAddresses`, once. */
  private traceAddresses: string[] | null = null;

  private vcObject(vc: Int32Array): Record<string, number> {
    this.traceAddresses ??= this.nodeAddresses;
    return vcObject(vc, this.traceAddresses);
  }

  /** Checks every invariant after an event at `node`; the first violation stops the run. */
  private check(node: Host | null): void {
    const program = this.program;
    if (program === null || program.invariants.length === 0 || this.stopped) return;
    this.checkAll(program.invariants, 'the invariant', node);
  }

  /**
   * The end of the run, unless an invariant stopped it (its violation stays the trace's last event,
   * as a replay stopped at an event ends there; `finish` is not called then either).
   *
   * Every message still on its way (sent, not yet handled: in transit, or held by a pause) is
   * dropped with reason `end`, at its receiver, in the order they were sent, so the trace accounts
   * for every message: sent + duplicated = delivered + dropped. Then the program's `atEnd`
   * properties, checked once against the world as it was before those drops (its `inFlight()`
   * lists the messages still on their way); the first that does not hold is a violation, like an
   * invariant's, at the last instant, after the last event of the run.
   */
  finish(): void {
    this.finished = true;
    if (this.stopped) return;
    const properties = this.program?.atEnd;
    const failed = properties !== undefined && properties.length > 0 ? this.firstFailing(properties, 'the end-of-run property') : null;
    const last = this.seq - 1;
    this.droppedEnd = this.unsettled;
    if (this.traveling !== null) {
      for (const env of this.traveling) this.emitDrop(env, 'end', env.receiver);
      this.traveling.clear();
    } else this.seq += this.unsettled;
    this.unsettled = 0;
    this.inFlight.clear();
    if (failed !== null) this.violate(failed.property, failed.message, last, null);
  }

  private checkAll(properties: readonly [string, Invariant][], what: string, node: Host | null): void {
    const failed = this.firstFailing(properties, what);
    if (failed !== null) this.violate(failed.property, failed.message, this.seq - 1, node);
  }

  /** The first of `properties` that does not hold now, with its message, or null. */
  private firstFailing(properties: readonly [string, Invariant][], what: string): { property: string; message: string } | null {
    for (const [name, inv] of properties) {
      let verdict: unknown;
      enter();
      try {
        verdict = inv(this.world);
      } catch (e) {
        leave();
        throw this.userError(e, `${what} ${name}`);
      }
      leave();
      if (verdict === false || typeof verdict === 'string') return { property: name, message: typeof verdict === 'string' ? verdict : `${name} does not hold` };
    }
    return null;
  }

  /** A property does not hold, seen after event `event`: a `violation` event at `node` (default: the first process), and the run stops. */
  private violate(property: string, message: string, event: number, node: Clocked | null): void {
    this.violations.push({ property, message, atMs: this.sim.sched.now, event });
    const where: Clocked = node ?? this.hosts[0];
    tick(where);
    if (this.trace !== null) this.record(where, 'violation', { text: `${property}: ${message}` }, null);
    else this.seq++;
    this.stopped = true;
    this.sim.sched.stop();
  }

  private userError(e: unknown, what: string): ProgramError {
    if (e instanceof ProgramError) return e;
    const program = this.program as LoadedProgram;
    const where = program.locate(e) ?? program.file;
    const message = e instanceof Error ? e.message : String(e);
    const at = `at ${this.sim.sched.now} ms of simulated time, event ${this.seq}`;
    return new ProgramError(`${where}: ${what} threw: ${message}\n  ${at}; nothing was written`);
  }

  /**
   * The history's checker found it breaks `property` (a failure of kind history): a `violation`
   * event at the end of the run, at the client of the first operation it names, `about` the events
   * of the operations it names (`lines`: their lines in history.jsonl, 1-based; at most
   * `MAX_ABOUT`). The run is over: nothing stops.
   */
  historyViolation(property: string, message: string, lines: readonly number[]): void {
    if (!this.finished) return; // a replay stopped at an event: its trace ends there
    const about = [...new Set(lines.filter((l) => l >= 1 && l <= this.historyEvents.length))].slice(0, MAX_ABOUT).map((l) => this.historyEvents[l - 1]);
    const where: Clocked = lines.length > 0 && this.historyNodes[lines[0] - 1] !== undefined ? this.historyNodes[lines[0] - 1] : this.hosts[0];
    tick(where);
    if (this.trace !== null) this.record(where, 'violation', { text: `${property}: ${message}`, ...(about.length > 0 && { about }) }, null);
    else this.seq++;
  }

  /** Whether the scenario has a workload (and so a history). */
  get hasWorkload(): boolean {
    return this.spec.workload !== undefined;
  }

  /** Whether an invariant failed (the run stopped at it). */
  get violated(): boolean {
    return this.stopped;
  }

  /** The run's figures. */
  figures(): ProcessFigures {
    const net = this.network.figures();
    const slowArmed = this.hosts.some((h) => h.lifecycle.isArmed('slow'));
    return {
      processes: this.hosts.length,
      events: this.seq,
      messages: {
        sent: this.sent,
        delivered: this.delivered,
        dropped: { loss: net.lost - net.partitioned, partition: net.partitioned, down: this.droppedDown, end: this.droppedEnd },
        duplicated: net.duplicated,
        reordered: net.reordered,
        ...(slowArmed && { slowed: this.slowed }),
      },
      ...(slowArmed && { slowdowns: this.hosts.reduce((n, h) => n + h.lifecycle.slowdownCount, 0) }),
      timers: this.timersFired,
      operations: { invoked: this.issued, ...this.outcomes, pending: this.issued - this.completed },
    };
  }
}

/** The most operations a history failure's violation event names (`about`). */
const MAX_ABOUT = 20;

const runtimes = new WeakMap<Simulation, ProcessRuntime>();

/** The process runtime of `sim`, if its scenario has processes (for the `process` step). */
export function processRuntimeOf(sim: Simulation): ProcessRuntime | undefined {
  return runtimes.get(sim);
}

function typeOf(body: Body): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const t = (body as { type?: unknown }).type;
    if (typeof t === 'string') return t;
  }
  return undefined;
}

function traceOp(op: Operation): TraceOp {
  return { process: op.client, f: op.f, ...(op.value !== undefined && { value: op.value }) };
}

function opBody(op: Operation): Record<string, unknown> {
  return { type: op.f, op: op.id, ...(op.key !== undefined && { key: op.key }), ...(op.value !== undefined && { value: op.value }) };
}

/** Freezes a JSON-like value and everything in it: a message is a value once sent. */
function deepFreeze(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null) deepFreeze(x);
  }
  return v;
}

/** Whether a kind is a class (called with `new`) rather than a factory function. */
function isClass(kind: ProcessKind): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(kind));
}
