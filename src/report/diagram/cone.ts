/**
 * The light cone of an event, from the vector clocks of a trace (src/trace/event.ts): its past is
 * every event that could have influenced it (`vc(f) <= vc(e)` entry by entry), its future every event
 * it could influence (`vc(f) >= vc(e)`). Two events with equal clocks (a message's `drop` or
 * `duplicate` carries the clocks of its `send` and ticks nothing) are ordered by `seq`: the earlier
 * one is in the later one's past. An event without a vector clock is in no cone but its own.
 *
 * `lightCone` is self-contained (no import, no module constant): the diagram page inlines its source
 * (`lightCone.toString()`), so the page and the tests compute the same sets with the same code.
 */

/** What the cone needs of an event. */
export interface ConeEvent {
  seq: number;
  vc?: Record<string, number>;
}

export interface Cone {
  /** The `seq` of every event in the past of the selected one (not itself), in trace order. */
  past: number[];
  /** The `seq` of every event in its future (not itself), in trace order. */
  future: number[];
}

/** The past and future of `events[index]` among `events`. */
export function lightCone(events: readonly ConeEvent[], index: number): Cone {
  const past: number[] = [];
  const future: number[] = [];
  const e = events[index];
  if (e === undefined || e.vc === undefined) return { past, future };
  const ev = e.vc;
  const keys = Object.keys(ev);
  for (let i = 0; i < events.length; i++) {
    if (i === index) continue;
    const f = events[i];
    const fv = f.vc;
    if (fv === undefined) continue;
    // le: fv <= ev; ge: fv >= ev (absent entries are 0)
    let le = true;
    let ge = true;
    for (const k in fv) {
      const a = fv[k];
      const b = ev[k] ?? 0;
      if (a > b) le = false;
      else if (a < b) ge = false;
      if (!le && !ge) break;
    }
    if (!le && !ge) continue;
    if (ge) {
      for (let j = 0; j < keys.length; j++) {
        if ((fv[keys[j]] ?? 0) < ev[keys[j]]) {
          ge = false;
          break;
        }
      }
    }
    if (le && ge) {
      if (f.seq < e.seq) past.push(f.seq);
      else future.push(f.seq);
    } else if (le) past.push(f.seq);
    else if (ge) future.push(f.seq);
  }
  return { past, future };
}
