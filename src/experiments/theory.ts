/**
 * Where theory exists for a sweep point: a scenario that is an M/M/1 or M/M/c queue, that is
 * Poisson arrivals into a single `server` step (directly, or through `service:` steps that name a
 * chain of just that server) with exponential service, no queue limit or deadline, FIFO order, no
 * faults and no rounding of exponential draws. Anything else (a cable, a balancer, a timeout, a
 * bounded queue) has no such closed form here, and gets no theory line rather than a wrong one.
 */
import type { ChainSpec, ScenarioSpec, StepSpec } from '../scenario/spec.js';
import { mmcSojourn } from '../stats/queueing-theory.js';
import type { MetricName, QueueTheory } from './result.js';

/** The one step a chain comes down to, following `service:` steps; null if it is not a single step. */
function singleStep(chain: ChainSpec, services: ScenarioSpec['services']): StepSpec | null {
  let steps = chain;
  // A service may not name itself (the scenario checks), but stop after a few hops all the same.
  for (let hops = 0; hops < 16; hops++) {
    if (steps.length !== 1) return null;
    const step = steps[0];
    if (step.kind !== 'service') return step;
    const next = services[step.name];
    if (next === undefined) return null;
    steps = next;
  }
  return null;
}

/** The M/M/c theory of a scenario, or null when it is not an M/M/c queue or is not stable. */
export function queueTheory(spec: ScenarioSpec): QueueTheory | null {
  const arrivals = spec.load.arrivals;
  if (arrivals.kind !== 'poisson' || spec.faults.length > 0 || spec.roundExponential) return null;
  const step = singleStep(spec.topology, spec.services);
  if (step === null || step.kind !== 'server' || step.serviceTime?.kind !== 'exp' || step.tickMs !== undefined) return null;
  const q = step.queue;
  if (q !== undefined && (q.capacity !== undefined || q.deadlineMs !== undefined || q.discipline !== 'fifo')) return null;
  const lambda = 1 / arrivals.intervalMs;
  const mu = 1 / step.serviceTime.mean;
  const t = mmcSojourn(lambda, mu, step.concurrency);
  if (t === null) return null;
  const metrics: Record<MetricName, number> = {
    p50: t.quantile(0.5),
    p90: t.quantile(0.9),
    p99: t.quantile(0.99),
    p999: t.quantile(0.999),
    mean: t.mean,
    success: 1,
    throughput: lambda * 1000,
  };
  return {
    model: `M/M/${step.concurrency}`,
    servers: step.concurrency,
    arrivalRatePerMs: lambda,
    serviceRatePerMs: mu,
    utilization: t.utilization,
    metrics,
  };
}
