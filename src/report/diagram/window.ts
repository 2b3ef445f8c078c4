/**
 * Which events a diagram draws: a window of at most `size` events, chosen by time (`--from`,
 * `--to`), around an event (`--around SEQ`), or by default the whole trace when it is small enough,
 * else the events around the first violation (around the first event it is about, when it names
 * some: a history failure's operation), or the first ones when nothing was violated. A
 * diagram never draws more than one window: a 100,000-event trace is shown 2,000 events at a time.
 */
import type { TraceEvent } from '../../trace/event.js';

/** The most events one drawing holds, unless told otherwise. */
export const WINDOW_EVENTS = 2_000;
/** The most a caller may ask for (the page's largest window). */
export const MAX_WINDOW_EVENTS = 5_000;

export interface WindowChoice {
  /** Virtual time bounds, ms (inclusive). */
  fromMs?: number;
  toMs?: number;
  /** The `seq` of an event to centre the window on. */
  around?: number;
  /** The most events drawn (default WINDOW_EVENTS). */
  size?: number;
}

export interface Window {
  /** Index of the first event drawn, and how many. */
  first: number;
  count: number;
  /** Why the window is not the whole trace (for the user), or ''. */
  note: string;
}

export class WindowChoiceError extends Error {}

export function chooseWindow(events: readonly TraceEvent[], choice: WindowChoice = {}): Window {
  const size = Math.min(choice.size ?? WINDOW_EVENTS, MAX_WINDOW_EVENTS);
  const n = events.length;
  const centred = (index: number) => {
    const first = Math.max(0, Math.min(n - size, index - Math.floor(size / 2)));
    return { first, count: Math.min(size, n - first) };
  };
  const range = (w: { first: number; count: number }) => (w.count === 0 ? 'no events' : `events ${events[w.first].seq}..${events[w.first + w.count - 1].seq} (t = ${events[w.first].t}..${events[w.first + w.count - 1].t} ms)`);
  if (choice.around !== undefined) {
    if (choice.fromMs !== undefined || choice.toMs !== undefined) throw new WindowChoiceError('--around cannot be combined with --from or --to: choose one window');
    const index = events.findIndex((e) => e.seq >= (choice.around as number));
    if (index < 0 || events[index].seq !== choice.around) {
      const last = n === 0 ? 'it has no events' : `its events are numbered ${events[0].seq}..${events[n - 1].seq}`;
      throw new WindowChoiceError(`--around: expected the seq of an event of the trace; found ${choice.around}, which it does not have (${last})`);
    }
    const w = centred(index);
    return { ...w, note: w.count < n ? `drawing ${range(w)}, ${w.count} of ${n} events around event ${choice.around}` : '' };
  }
  if (choice.fromMs !== undefined || choice.toMs !== undefined) {
    const from = choice.fromMs ?? -Infinity;
    const to = choice.toMs ?? Infinity;
    if (from > to) throw new WindowChoiceError(`--from must not be later than --to; found --from ${from} ms and --to ${to} ms`);
    let first = events.findIndex((e) => e.t >= from);
    if (first < 0) first = n;
    let end = first;
    while (end < n && events[end].t <= to) end++;
    const all = end - first;
    const count = Math.min(all, size);
    const w = { first, count };
    const note = all > size ? `the window from ${from} to ${to} ms has ${all} events; drawing the first ${size}: ${range(w)} (narrow it, or use --around SEQ)` : all === 0 ? `no event between ${from} and ${to} ms: the diagram is empty` : '';
    return { ...w, note };
  }
  if (n <= size) return { first: 0, count: n, note: '' };
  const violation = events.findIndex((e) => e.kind === 'violation');
  if (violation >= 0) {
    // a violation about earlier events (a history failure's operations): around the first of them
    const about = events[violation].about?.[0];
    const aboutIndex = about === undefined ? -1 : events.findIndex((e) => e.seq === about);
    const w = centred(aboutIndex >= 0 ? aboutIndex : violation);
    const what = aboutIndex >= 0 ? `event ${about}, which the violation (event ${events[violation].seq}) is about` : 'the violation';
    return { ...w, note: `the trace has ${n} events; drawing ${w.count} around ${what}: ${range(w)} (choose another window with --from/--to or --around SEQ)` };
  }
  const w = { first: 0, count: size };
  return { ...w, note: `the trace has ${n} events; drawing the first ${size}: ${range(w)} (choose another window with --from/--to or --around SEQ)` };
}

/**
 * The nodes down and paused just before `events[index]`: a window that starts inside a crash or a
 * pause shades it from its top. Self-contained: the page inlines its source.
 */
export function stateBefore(events: readonly { node: string; kind: string }[], index: number): { down: string[]; paused: string[] } {
  const down = new Set<string>();
  const paused = new Set<string>();
  for (let i = 0; i < index && i < events.length; i++) {
    const e = events[i];
    if (e.kind === 'crash') down.add(e.node);
    else if (e.kind === 'restart') down.delete(e.node);
    else if (e.kind === 'pause') paused.add(e.node);
    else if (e.kind === 'resume') paused.delete(e.node);
  }
  return { down: [...down], paused: [...paused] };
}
