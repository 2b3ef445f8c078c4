/**
 * The set, lock and queue checkers on random runs (fast-check): clients run operations against a
 * true set, lock or queue, each operation taking effect at its invocation or at its completion, some
 * indeterminate (they took effect or not) or failed, interleaved at random. Such a run is always
 * valid. Then one fault is injected (an element dropped from a read, a stranger's acquire while the
 * lock is held, a message taken out twice or missing from the final drain): always caught, and
 * reported with the operations involved.
 *
 * The simulators here share no code with the checkers.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseHistory } from '../../src/check/history.js';
import { checkHistory, type HistoryCheckOptions, type HistoryModel } from '../../src/check/check.js';

interface Ev {
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: string;
  value?: unknown;
}

interface Step {
  p: number;
  kind: number;
  when: 'invoke' | 'complete';
  end: 'ok' | 'info' | 'fail';
  applied: boolean;
}

const step = fc.record({
  p: fc.nat(3),
  kind: fc.nat(2),
  when: fc.constantFrom<Step['when']>('invoke', 'complete'),
  end: fc.constantFrom<Step['end']>('ok', 'ok', 'ok', 'ok', 'ok', 'info', 'fail'),
  applied: fc.boolean(),
});
const runs = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.array(step, { minLength: 8, maxLength: 40 }), fc.nat());

const check = (events: Ev[], model: HistoryModel, options: HistoryCheckOptions = {}) =>
  checkHistory(parseHistory(events.map((e) => JSON.stringify(e)).join('\n') + '\n', 'json'), model, options);

interface Pending {
  s: Step;
  process: number;
  f: string;
  value: unknown;
  done: boolean;
  result: unknown;
  ok: boolean;
}

/** Runs `steps`: a step of an idle client invokes an operation, a step of a busy one completes it. A client continues under a new process number after an info, as in Jepsen. */
function simulate(
  processes: number,
  steps: Step[],
  invoke: (s: Step, client: number) => { f: string; value: unknown },
  effect: (o: Pending) => void,
  outcome: (o: Pending) => { type: Ev['type']; value: unknown },
): { events: Ev[]; open: Pending[] } {
  const events: Ev[] = [];
  const busy = new Map<number, Pending>();
  const ids = Array.from({ length: processes }, (_, i) => i);
  const takesEffect = (o: Pending) => o.s.end === 'ok' || (o.s.end === 'info' && o.s.applied);
  for (const s of steps) {
    const c = s.p % processes;
    const o = busy.get(c);
    if (o === undefined) {
      const { f, value } = invoke(s, c);
      const op: Pending = { s, process: ids[c], f, value, done: false, result: undefined, ok: false };
      events.push({ process: op.process, type: 'invoke', f, value });
      if (s.when === 'invoke' && takesEffect(op)) {
        op.done = true;
        effect(op);
      }
      busy.set(c, op);
      continue;
    }
    busy.delete(c);
    if (!o.done && takesEffect(o)) {
      o.done = true;
      effect(o);
    }
    const { type, value } = outcome(o);
    events.push({ process: o.process, type, f: o.f, value });
    if (type === 'info') ids[c] += processes;
  }
  return { events, open: [...busy.values()] };
}

describe('set: random runs of a true set are valid; an element dropped from a read is caught', () => {
  function setRun(processes: number, steps: Step[]) {
    const set = new Set<number>();
    let next = 0;
    return simulate(
      processes,
      steps,
      (s) => (s.kind === 0 ? { f: 'read', value: null } : { f: 'add', value: next++ }),
      (o) => {
        if (o.f === 'add') set.add(o.value as number);
        else o.result = [...set].sort((a, b) => a - b);
      },
      (o) => {
        const type = o.s.end === 'fail' && o.f === 'read' ? 'info' : o.s.end;
        return { type, value: o.f === 'read' ? (type === 'ok' ? o.result : null) : o.value };
      },
    ).events;
  }

  test('valid, and each injected loss reported with its value', { timeout: 60_000 }, () => {
    let injected = 0;
    fc.assert(
      fc.property(runs, ([processes, steps, pick]) => {
        const events = setRun(processes, steps);
        expect(check(events, 'set')).toMatchObject({ valid: true, violations: [] });
        // Reads that miss an element known before they were invoked, once it is dropped.
        const candidates: { read: number; value: number }[] = [];
        const known = new Set<number>();
        const opened = new Map<number, number>();
        events.forEach((e, i) => {
          if (e.type === 'invoke') opened.set(e.process, i);
          if (e.f === 'add' && e.type === 'ok') known.add(e.value as number);
          if (e.f === 'read' && e.type === 'ok') {
            const at = opened.get(e.process) as number;
            const before = new Set(events.slice(0, at).filter((x) => x.f === 'add' && x.type === 'ok').map((x) => x.value as number));
            for (const v of e.value as number[]) if (before.has(v)) candidates.push({ read: i, value: v });
          }
        });
        if (candidates.length === 0) return;
        injected++;
        const { read, value } = candidates[pick % candidates.length];
        const bad = events.map((e, i) => (i === read ? { ...e, value: (e.value as number[]).filter((v) => v !== value) } : e));
        const v = check(bad, 'set');
        expect(v.valid).toBe(false);
        if (v.model !== 'set') return;
        expect([...v.set.lost, ...v.set.stale].map((m) => m.value)).toContain(value);
        expect(v.set.unexpected).toEqual([]);
        // And an element no one added is unexpected.
        const stranger = events.map((e, i) => (i === read ? { ...e, value: [...(e.value as number[]), 10_000] } : e));
        const u = check(stranger, 'set');
        expect(u.valid).toBe(false);
        if (u.model === 'set') expect(u.set.unexpected.map((x) => x.value)).toEqual([10_000]);
      }),
      { seed: 1, numRuns: 1000 },
    );
    expect(injected).toBeGreaterThan(300);
  });
});

describe('lock: random runs of a true lock are valid; a stranger acquiring while it is held is caught', () => {
  function lockRun(processes: number, steps: Step[]) {
    let holder: number | null = null;
    const holds = new Set<number>(); // clients that hold the lock, as they know it
    return simulate(
      processes,
      steps,
      (_s, c) => ({ f: holds.has(c) ? 'release' : 'acquire', value: null }),
      (o) => {
        if (o.f === 'acquire' && holder === null) {
          holder = o.process;
          o.ok = true;
        }
        if (o.f === 'release' && holder === o.process) holder = null;
      },
      (o) => {
        const c = o.process % processes;
        const type: Ev['type'] = o.f === 'acquire' ? (o.s.end === 'info' ? 'info' : o.ok ? 'ok' : 'fail') : o.s.end;
        if (o.f === 'acquire' && type === 'ok') holds.add(c);
        if ((o.f === 'release' && type === 'ok') || type === 'info') holds.delete(c);
        return { type, value: null };
      },
    ).events;
  }

  test('valid, and each injected overlap reported with the stranger', { timeout: 60_000 }, () => {
    let injected = 0;
    fc.assert(
      fc.property(runs, ([processes, steps, pick]) => {
        const events = lockRun(processes, steps);
        expect(check(events, 'lock')).toMatchObject({ valid: true, violations: [] });
        const grants = events.flatMap((e, i) => (e.f === 'acquire' && e.type === 'ok' ? [i] : []));
        if (grants.length === 0) return;
        injected++;
        const at = grants[pick % grants.length] + 1;
        const stranger = 1_000;
        const bad = [...events.slice(0, at), { process: stranger, type: 'invoke', f: 'acquire', value: null }, { process: stranger, type: 'ok', f: 'acquire', value: null }, ...events.slice(at)] as Ev[];
        const v = check(bad, 'lock');
        expect(v.valid).toBe(false);
        if (v.model === 'lock') expect(v.lock.overlaps.some((o) => o.first.acquire.process === stranger || o.second.acquire.process === stranger)).toBe(true);
      }),
      { seed: 2, numRuns: 1000 },
    );
    expect(injected).toBeGreaterThan(300);
  });
});

describe('queue: random runs of a true queue are valid; a message taken twice or missing from the drain is caught', () => {
  function queueRun(processes: number, steps: Step[]) {
    const queue: number[] = [];
    let next = 0;
    const outcome = (o: Pending) => {
      if (o.f === 'enqueue') return { type: o.s.end, value: o.value };
      const type: Ev['type'] = o.s.end === 'info' ? 'info' : 'ok';
      return { type, value: type === 'ok' ? (o.done ? o.result : null) : null };
    };
    const { events, open } = simulate(
      processes,
      steps,
      (s) => (s.kind === 0 ? { f: 'dequeue', value: null } : { f: 'enqueue', value: next++ }),
      (o) => {
        if (o.f === 'enqueue') queue.push(o.value as number);
        else o.result = queue.shift() ?? null;
      },
      outcome,
    );
    // Every client finishes, then one drains the queue.
    for (const o of open) {
      if (!o.done && (o.s.end === 'ok' || (o.s.end === 'info' && o.s.applied))) {
        o.done = true;
        if (o.f === 'enqueue') queue.push(o.value as number);
        else o.result = queue.shift() ?? null;
      }
      const { type, value } = outcome(o);
      events.push({ process: o.process, type, f: o.f, value });
    }
    events.push({ process: 999, type: 'invoke', f: 'drain', value: null }, { process: 999, type: 'ok', f: 'drain', value: [...queue] });
    return events;
  }

  test('valid, drained; a duplicate always caught; a missing message caught unless indeterminate takes could explain it', { timeout: 60_000 }, () => {
    let duplicates = 0;
    let losses = 0;
    fc.assert(
      fc.property(runs, ([processes, steps, pick]) => {
        const events = queueRun(processes, steps);
        expect(check(events, 'queue', { drained: true })).toMatchObject({ valid: true, violations: [] });
        const taken = events.filter((e) => e.f === 'dequeue' && e.type === 'ok' && e.value !== null);
        if (taken.length > 0) {
          duplicates++;
          const again = taken[pick % taken.length].value;
          const bad = [...events, { process: 998, type: 'invoke', f: 'dequeue', value: null }, { process: 998, type: 'ok', f: 'dequeue', value: again }] as Ev[];
          const v = check(bad, 'queue');
          expect(v.valid).toBe(false);
          if (v.model === 'queue') expect(v.queue.duplicated.map((d) => d.value)).toEqual([again]);
        }
        const drain = events[events.length - 1].value as number[];
        const acknowledged = new Set(events.filter((e) => e.f === 'enqueue' && e.type === 'ok').map((e) => e.value as number));
        const inDrain = drain.filter((m) => acknowledged.has(m));
        if (inDrain.length > 0) {
          losses++;
          const dropped = inDrain[pick % inDrain.length];
          const bad = [...events.slice(0, -1), { ...events[events.length - 1], value: drain.filter((m) => m !== dropped) }];
          // Acknowledged messages no operation shows taken out, against the indeterminate dequeues.
          const seen = new Set(bad.flatMap((e) => (e.type !== 'ok' ? [] : e.f === 'dequeue' ? [e.value] : e.f === 'drain' ? (e.value as number[]) : [])));
          const missing = [...acknowledged].filter((m) => !seen.has(m)).length;
          const maybe = bad.filter((e) => e.f === 'dequeue' && e.type === 'info').length;
          const v = check(bad, 'queue');
          expect(v.valid).toBe(missing <= maybe);
          if (v.model === 'queue' && !v.valid) expect(v.queue.lost.map((l) => l.value)).toContain(dropped);
        }
      }),
      { seed: 3, numRuns: 1000 },
    );
    expect(duplicates).toBeGreaterThan(300);
    expect(losses).toBeGreaterThan(300);
  });
});
