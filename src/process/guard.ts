/**
 * The determinism guard: while a process handler runs, `Date.now()`, `performance.now()`,
 * `new Date()` (and `Date()`) without arguments and `Math.random()` throw a `DeterminismError`
 * instead of reading the machine. The runtime names the user's file and line from the error's stack.
 *
 * The replacements are installed for the length of a run (`guarded`) and armed only while a handler
 * runs (`enter` / `leave`), so a handler call costs two writes of a variable; outside handlers
 * they behave exactly like the originals. `new Date(ms)` and `Date.UTC(...)` stay available: they
 * read no clock.
 */

/** User code read the wall clock or Math.random in a handler. */
export class DeterminismError extends Error {}

let armed = false;
let installs = 0;
let saved: { now: () => number; perfNow: () => number; perfOwn: PropertyDescriptor | undefined; random: () => number; Date: DateConstructor } | null = null;

const refuse = (what: string, instead: string): never => {
  throw new DeterminismError(`${what} is not available to a process: processes read time through ctx.now() (the local clock) and draw random numbers through ctx.random(); ${instead}`);
};

/** Runs `body` with the replacements installed (nested calls share one installation). */
export function guarded<T>(body: () => T): T {
  if (installs++ === 0) install();
  try {
    return body();
  } finally {
    if (--installs === 0) uninstall();
    armed = false;
  }
}

/** A handler starts: the replacements throw until `leave`. */
export function enter(): void {
  armed = true;
}

/** The handler is over. */
export function leave(): void {
  armed = false;
}

function install(): void {
  const OrigDate = globalThis.Date;
  const orig = { now: Date.now, perfNow: performance.now.bind(performance), perfOwn: Object.getOwnPropertyDescriptor(performance, 'now'), random: Math.random, Date: OrigDate };
  saved = orig;
  const GuardedDate = function (this: unknown, ...args: unknown[]) {
    if (armed && args.length === 0) refuse(new.target ? 'new Date()' : 'Date()', 'new Date(ms) with a time from ctx.now() is fine');
    return new.target ? Reflect.construct(OrigDate, args, new.target) : (OrigDate as unknown as () => string)();
  } as unknown as DateConstructor;
  Object.defineProperties(GuardedDate, {
    prototype: { value: OrigDate.prototype },
    parse: { value: OrigDate.parse },
    UTC: { value: OrigDate.UTC },
    now: { value: () => (armed ? refuse('Date.now()', 'use ctx.now()') : orig.now()), writable: true, configurable: true },
  });
  globalThis.Date = GuardedDate;
  performance.now = () => (armed ? refuse('performance.now()', 'use ctx.now()') : orig.perfNow());
  Math.random = () => (armed ? refuse('Math.random()', 'use ctx.random()') : orig.random());
}

function uninstall(): void {
  if (saved === null) return;
  globalThis.Date = saved.Date;
  if (saved.perfOwn !== undefined) Object.defineProperty(performance, 'now', saved.perfOwn);
  else delete (performance as { now?: unknown }).now;
  Math.random = saved.random;
  saved = null;
}
