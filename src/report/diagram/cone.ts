/**
 * The light cone of an event, from the vector clocks of a trace (src/trace/event.ts): its past is
 * every event that could have influenced it (`vc(f) <= vc(e)` entry by entry), its future every event
 * it could influence (`vc(f) >= vc(e)`).
 *
 * A `drop` or a `duplicate` ticks no clock: it carries the clocks of its message's `send`. Read
 * literally, `vc <= ` would put a drop in the past of everything the sender does next, though nothing
 * ever learns of a drop. So these two kinds are marks, not causes: a mark is in the future of every
 * event its send is in the future of (and of the send itself), its own past is its send's past and
 * the send, and it is in no event's past and has no future. With that, the cones are exactly the
 * ancestors and descendants of the event in the graph of program order and send -> deliver edges
 * (test/diagram/cone.test.ts checks it on generated traces). An event without a vector clock is in
 * no cone.
 *
 * `lightCone` is self-contained (no import, no module constant): the diagram page inlines its source
 * (`lightCone.toString()`), so the page and the tests compute the same sets with the same code.
 */

/** What the cone needs of an event. */
export interface ConeEvent {
  seq: number;
  kind?: string;
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
  const isMark = (k: string | undefined) => k === 'drop' || k === 'duplicate';
  const selectedMark = isMark(e.kind);
  const ev = e.vc;
  const keys = Object.keys(ev);
  for (let i = 0; i < events.length; i++) {
    if (i === index) continue;
    const f = events[i];
    const fv = f.vc;
    if (fv === undefined) continue;
    const mark = isMark(f.kind);
    if (mark && selectedMark) continue;
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
    // equal clocks: a mark and its send (two ticking events never have equal clocks)
    if (le && !mark && !(ge && !selectedMark)) past.push(f.seq);
    else if (ge && !selectedMark) future.push(f.seq);
  }
  return { past, future };
}
