/**
 * Warnings for systems that cannot keep up: a server offered more than it can serve (from the
 * scenario, before the run), a server busy all the time (measured), a one-conn balancer that leaves
 * most of its backends' workers idle, and a latency still climbing at the end of the run (no steady
 * state). Each says what to change. The text report, summary.json, compare and sweep show them.
 */
import { chainsOf } from '../scenario/chains.js';
import { groupId, type NodeStats } from '../engine/node.js';
import type { ChainSpec, ScenarioSpec } from '../scenario/spec.js';
import type { ServerLoad } from './capacity.js';
import type { LatencyTrend } from './trend.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const perSec = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function runWarnings(spec: ScenarioSpec, loads: readonly ServerLoad[], nodes: readonly NodeStats[], trend: LatencyTrend | null): string[] {
  const out: string[] = [];
  for (const l of loads) {
    if (!(l.utilization >= 1)) continue;
    const each = l.count > 1 ? ` each (the busiest of ${l.count})` : '';
    out.push(
      `${l.id} is offered ${perSec(l.offeredPerSec)} calls/s${each} against a capacity of ${perSec(l.capacityPerSec)}/s (${pct(l.utilization)}): ` +
        'it cannot keep up, so its queue grows for as long as the run lasts; lower the load, add servers or workers, or make the service faster',
    );
  }
  const offered = new Set(loads.filter((l) => l.utilization >= 1).map((l) => l.id));
  const busy = new Map<string, { max: number; saturated: number; count: number }>();
  for (const n of nodes) {
    if (n.kind !== 'server' || n.utilization === null) continue;
    const id = groupId(n.id);
    const b = busy.get(id) ?? { max: 0, saturated: 0, count: 0 };
    b.count++;
    // busy all the time with calls waiting: at capacity (a server kept busy by a least-conn balancer's tie-break, with no queue, is not)
    if (n.utilization >= 0.97 && n.queue !== null && n.queue.mean >= 1) {
      b.saturated++;
      b.max = Math.max(b.max, n.utilization);
    }
    busy.set(id, b);
  }
  for (const [id, b] of busy) {
    if (b.saturated === 0 || offered.has(id)) continue;
    const which = b.count > 1 ? `${b.saturated} of its ${b.count} servers were` : 'it was';
    const spread = b.saturated < b.count ? ' while others had time to spare: spread the load (a strategy that sees every call) or add capacity' : ': lower the load or add capacity';
    out.push(`${id}: ${which} busy at least 97% of the time with calls waiting (the busiest ${pct(b.max)}), so the queues behind them grow with the run${spread}`);
  }
  out.push(...oneConnWarnings(spec));
  if (trend?.climbing) {
    out.push(
      `latency was still climbing at the end of the run: the fitted line rose ${trend.riseMs.toFixed(1)} ms (${pct(trend.relativeRise)} of the mean) over the measured window, ` +
        'so there is no steady state and the percentiles depend on how long it ran; lower the load or add capacity (or run longer, with a warmup, to see where it settles)',
    );
  }
  return out;
}

/** A one-conn balancer sends each backend one call at a time: servers with more workers sit mostly idle. */
function oneConnWarnings(spec: ScenarioSpec): string[] {
  const out: string[] = [];
  const workersOf = (chain: ChainSpec | undefined, depth = 0): number => {
    if (chain === undefined || depth > 16) return 1;
    for (const s of chain) {
      if (s.kind === 'server') return s.concurrency;
      if (s.kind === 'service') return workersOf(spec.services[s.name], depth + 1);
      if (s.kind === 'balancer' || s.kind === 'fan-out' || s.kind === 'broker') return 1;
    }
    return 1;
  };
  for (const { at: path, steps: chain } of chainsOf(spec)) {
    const at = path.join('.');
    chain.forEach((s, i) => {
      if (s.kind !== 'balancer' || s.strategy !== 'one-conn') return;
      const b = s.backends;
      const service = 'pool' in b ? spec.pools[b.pool]?.service : b.service;
      const workers = workersOf(service === undefined ? undefined : spec.services[service]);
      if (workers > 1) {
        out.push(
          `${at}[${i}].balancer: one-conn sends each backend one call at a time, but its servers have ${workers} workers: it uses 1 of ${workers}; ` +
            'use least-conn (or jsq), or give the servers concurrency: 1',
        );
      }
    });
  }
  return out;
}
