/**
 * The process API: what a user's TypeScript sees. A process is an object (an instance of a class
 * the program exports, or what a factory function it exports returns) whose own fields are its
 * state and whose methods are its handlers:
 *
 * ```ts
 * import type { Context, Operation, Process } from 'lightcone';
 *
 * export class Register implements Process<{ type: string; value?: number }> {
 *   value: number | null = null;
 *   operation(ctx: Context, op: Operation) {
 *     if (op.f === 'read') ctx.reply(op, this.value);
 *     else if (op.f === 'write') { this.value = op.value as number; ctx.reply(op); }
 *     else ctx.fail(op, 'unknown operation');
 *   }
 * }
 * ```
 *
 * The runtime calls one handler at a time, each at one instant of simulated time; a handler takes
 * no simulated time. Its only doors to the world are its context: the network (`send`), its local
 * clock (`now`, timers), its random stream, its durable storage, the answers to client operations
 * and its log. No wall clock, no `Math.random`, no I/O: reading `Date.now()`, `performance.now()`,
 * `new Date()` or `Math.random()` in a handler throws an error naming the line.
 *
 * Import only types from 'lightcone' in a program (`import type`): the program is bundled on its own.
 */

/** A message body: any JSON value; by convention a map with a string `type` (Maelstrom's), which traces and diagrams show. */
export type Body = unknown;

/** A client operation, as the workload issues it and as the history records it. */
export interface Operation {
  /** Unique in the run, from 0, in order of invocation. */
  readonly id: number;
  /** The client (a history's `process`). */
  readonly client: number;
  /** What to do: `read`, `write`, `cas`, or any name the workload's `mix` gives. */
  readonly f: string;
  /** kv workloads: the key. */
  readonly key?: number;
  /** write: the value; cas: `[expected, new]`; read: absent. */
  readonly value?: unknown;
}

/** Storage that survives a crash: a map from string keys to JSON values. Everything else a process holds is lost in a crash. */
export interface Durable {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  /** The keys, in the order they were first set. */
  keys(): string[];
}

/** A process's context: its only way to the world. */
export interface Context<B = Body> {
  /** Its own address, such as `n[1]` or `storage`. */
  readonly self: string;
  /** The addresses of every other process, in the scenario's order. */
  readonly peers: readonly string[];
  /** Its local clock, in ms: true time with the scenario's `clocks:` (offset, drift, steps) applied. */
  now(): number;
  /** Sends `body` to the process at `to`, through the network: it may be delayed, lost, duplicated or reordered. */
  send(to: string, body: B): void;
  /** Sets the timer `name` to fire `afterMs` from now on the local clock; replaces a pending timer of that name. */
  setTimer(name: string, afterMs: number): void;
  /** Cancels the timer `name`, if pending. */
  cancelTimer(name: string): void;
  /** A number in [0, 1) from the process's own random stream (`process/<address>`). */
  random(): number;
  /** An integer from 0 to n - 1 from the same stream. */
  randomBelow(n: number): number;
  /** Storage that survives a crash. */
  readonly durable: Durable;
  /** Completes the client operation `op` as ok, with `result` (a read's value); any process may answer any pending operation. */
  reply(op: Operation, result?: unknown): void;
  /** Completes `op` as failed: it certainly did not happen. */
  fail(op: Operation, reason?: string): void;
  /** Writes a line to the trace. */
  log(text: string): void;
}

/** A process: state in its own fields, and handlers, every one optional. */
export interface Process<B = Body> {
  /** Called once when the run starts (time 0). */
  start?(ctx: Context<B>): void;
  /** A message from the process at `from`. */
  message?(ctx: Context<B>, from: string, body: B): void;
  /** The timer `name` fired. */
  timer?(ctx: Context<B>, name: string): void;
  /** A client operation; answer it with `ctx.reply` or `ctx.fail` (now or later), or never (the client times out). */
  operation?(ctx: Context<B>, op: Operation): void;
  /**
   * After a crash the process is built afresh (its fields lost, its durable storage kept) and this
   * is called instead of `start`; without it, `start` is called.
   */
  restart?(ctx: Context<B>): void;
}

/** What a program exports as a process kind: a class with a constructor without arguments, or a function that returns a process. */
export type ProcessKind = (new () => Process<any>) | (() => Process<any>);

/** A message on its way, as invariants see it. */
export interface InFlight {
  readonly msg: number;
  readonly from: string;
  readonly to: string;
  readonly body: Body;
}

/** What an invariant sees after every event. */
export interface World {
  /** True (simulated) time, ms. */
  readonly now: number;
  /** Every process's object by address; undefined while it is crashed. */
  readonly processes: Readonly<Record<string, any>>;
  /** Every process's durable storage by address, as a plain object. */
  durable(address: string): Readonly<Record<string, unknown>>;
  /** The messages sent and not yet delivered or dropped. */
  inFlight(): readonly InFlight[];
}

/**
 * A property that must hold after every event: it returns true or undefined when it holds, and
 * false or a message when it does not. The first violation stops the run.
 */
export type Invariant = (world: World) => boolean | string | undefined | void;

/**
 * A property checked once, when the run ends: the same function of the world as an invariant, for
 * what need only hold at the end, such as "all nodes converge once faults heal" (a liveness
 * property, which no single instant can refute). Give the run a liveness phase with the scenario's
 * `settle:` (after the workload is done the run goes on that long, with no new operations; schedule
 * the faults to end before it) and state the property in `atEnd`. It is checked at the end of a
 * run that no invariant stopped, whatever ended it (the workload and `settle:`, or `until:`); a
 * violation is a failure like an invariant's (kind `invariant`), at the run's last instant.
 */
export type EndProperty = Invariant;

/** What a program module exports: process kinds by name, and optionally `invariants` and `atEnd` properties by name. */
export interface ProgramExports {
  invariants?: Record<string, Invariant>;
  atEnd?: Record<string, EndProperty>;
  [kind: string]: unknown;
}
