/**
 * A reference for the linearizability checker, written from the definition and nothing else: try
 * every order of the operations that respects real time (an operation that completed before
 * another was invoked comes first), in which every ok operation appears and each indeterminate one
 * appears or not; the history is linearizable if one such order is legal for a map of registers
 * starting at null. Exponential, for histories of a few operations.
 *
 * It reads plain event objects, not the parsed history, so that it shares no code with the checker.
 */

export interface PlainEvent {
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: 'read' | 'write' | 'cas';
  key?: string;
  value: unknown;
}

interface PlainOp {
  f: PlainEvent['f'];
  key: string;
  value: unknown;
  status: 'ok' | 'info';
  call: number;
  ret: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function plainOps(events: readonly PlainEvent[]): PlainOp[] {
  const ops: PlainOp[] = [];
  const open = new Map<number, { e: PlainEvent; at: number }>();
  events.forEach((e, at) => {
    if (e.type === 'invoke') {
      open.set(e.process, { e, at });
      return;
    }
    const inv = open.get(e.process);
    if (inv === undefined) throw new Error(`completion without invocation at event ${at}`);
    open.delete(e.process);
    if (e.type === 'fail') return;
    const value = inv.e.f === 'read' ? e.value : inv.e.value;
    ops.push({ f: inv.e.f, key: inv.e.key ?? '', value, status: e.type, call: inv.at, ret: e.type === 'ok' ? at : Infinity });
  });
  for (const { e, at } of open.values()) ops.push({ f: e.f, key: e.key ?? '', value: e.value, status: 'info', call: at, ret: Infinity });
  return ops;
}

/** Whether some order of `events`' operations explains every result. */
export function bruteForceLinearizable(events: readonly PlainEvent[]): boolean {
  const ops = plainOps(events);
  const placed = new Array<boolean>(ops.length).fill(false);
  const mustPlace = ops.filter((o) => o.status === 'ok').length;

  const search = (state: Map<string, unknown>, placedOk: number): boolean => {
    if (placedOk === mustPlace) return true; // the indeterminate operations left never happened
    for (let b = 0; b < ops.length; b++) {
      if (placed[b]) continue;
      const op = ops[b];
      if (ops.some((a, i) => !placed[i] && a.ret < op.call)) continue; // something that completed before b was invoked is not placed
      const cur = state.has(op.key) ? state.get(op.key) : null;
      let after: unknown;
      if (op.f === 'read') {
        if (op.status === 'info') continue; // an indeterminate read changes nothing: leaving it out covers it
        if (!same(op.value, cur)) continue;
        after = cur;
      } else if (op.f === 'write') {
        after = op.value;
      } else {
        const [from, to] = op.value as [unknown, unknown];
        if (same(cur, from)) after = to;
        else if (op.status === 'ok') continue;
        else after = cur;
      }
      placed[b] = true;
      const next = new Map(state).set(op.key, after);
      const found = search(next, placedOk + (op.status === 'ok' ? 1 : 0));
      placed[b] = false;
      if (found) return true;
    }
    return false;
  };
  return search(new Map(), 0);
}
