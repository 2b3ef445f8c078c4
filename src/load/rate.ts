/** The mean rate at which a load's requests arrive, from its spec (what capacity and size limits reason with). */
import { meanOf } from '../engine/distributions.js';
import type { ArrivalSpec } from '../spec/scenario.js';

/** The load's mean arrival rate per ms, or null when it has none (closed loop, a replayed trace is measured instead). */
export function meanArrivalRatePerMs(a: ArrivalSpec): number | null {
  switch (a.kind) {
    case 'poisson':
    case 'constant':
      return 1 / a.intervalMs;
    case 'on-off': {
      const on = meanOf(a.on);
      const off = meanOf(a.off);
      return (1 / a.intervalMs) * (on / (on + off));
    }
    case 'mmpp': {
      const stays = a.states.map((s) => s.meanStayMs);
      const total = stays.reduce((x, y) => x + y, 0);
      return a.states.reduce((x, s) => x + (s.ratePerMs * s.meanStayMs) / total, 0);
    }
    case 'ramp':
      return Math.max(a.fromPerMs, a.toPerMs);
    case 'daily':
      return a.meanPerMs;
    case 'replay': {
      const n = a.timesMs.length;
      return n > 1 ? n / (a.timesMs[n - 1] - a.timesMs[0]) : null;
    }
    case 'instant':
    case 'closed':
      return null;
  }
}
