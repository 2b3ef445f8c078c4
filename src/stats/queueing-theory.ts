/**
 * Steady-state queueing theory for M/M/1 and M/M/c (Poisson arrivals at rate lambda, c servers
 * with exponential service at rate mu each, first come first served, no limit on the queue): the
 * figures a simulation of such a system must approach, for the theory lines of the sweep chart.
 *
 * Rates are per ms, times in ms. The sojourn time T (time in system) is the wait W plus the service
 * S ~ Exp(mu). A call waits with probability C = ErlangC(c, a), a = lambda / mu, and then for an
 * Exp(c mu - lambda) time, so
 *
 *     P(T > t) = (1 - C) e^(-mu t) + C P(Exp(theta) + Exp(mu) > t),   theta = c mu - lambda,
 *     P(Exp(theta) + Exp(mu) > t) = (theta e^(-mu t) - mu e^(-theta t)) / (theta - mu)   (theta != mu)
 *                                 = (1 + mu t) e^(-mu t)                                  (theta = mu)
 *
 * For c = 1 this is e^(-(mu - lambda) t): T ~ Exp(mu - lambda), mean 1 / (mu - lambda), p-quantile
 * -ln(1 - p) / (mu - lambda).
 */

/**
 * Erlang C: the probability that an arrival waits, in an M/M/c queue with offered load `a` =
 * lambda / mu (< c). Computed through the Erlang B recursion, which stays finite for large c.
 */
export function erlangC(servers: number, offered: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  const rho = offered / servers;
  return b / (1 - rho * (1 - b));
}

/** The sojourn-time law of a stable M/M/c queue. */
export interface MmcSojourn {
  servers: number;
  arrivalRatePerMs: number;
  serviceRatePerMs: number;
  /** lambda / (c mu), below 1. */
  utilization: number;
  /** Erlang C: the fraction of calls that wait. */
  waitProbability: number;
  /** Mean time in system (ms): C / (c mu - lambda) + 1 / mu. */
  mean: number;
  /** P(T > t). */
  survival(t: number): number;
  /** The p-quantile of T (ms), 0 <= p < 1. */
  quantile(p: number): number;
}

/**
 * The sojourn time of an M/M/c queue with arrival rate `lambda` and service rate `mu` per server
 * (per ms), or null when it is not stable (lambda >= c mu) or a rate is not a positive number.
 */
export function mmcSojourn(lambda: number, mu: number, servers: number): MmcSojourn | null {
  if (!(lambda > 0 && mu > 0 && Number.isSafeInteger(servers) && servers >= 1) || !Number.isFinite(lambda) || !Number.isFinite(mu)) return null;
  const utilization = lambda / (servers * mu);
  if (!(utilization < 1)) return null;
  const c = servers === 1 ? utilization : erlangC(servers, lambda / mu);
  const theta = servers * mu - lambda;
  const mean = c / theta + 1 / mu;
  // Wait-plus-service tail; the two rates within a relative 1e-9 are taken as equal (the limit).
  const both = Math.abs(theta - mu) <= 1e-9 * mu
    ? (t: number) => (1 + mu * t) * Math.exp(-mu * t)
    : (t: number) => (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
  const survival = servers === 1 ? (t: number) => Math.exp(-theta * t) : (t: number) => (1 - c) * Math.exp(-mu * t) + c * both(t);
  const quantile = (p: number): number => {
    if (!(p >= 0 && p < 1)) throw new RangeError(`quantile: expected 0 <= p < 1; found ${p}`);
    if (servers === 1) return -Math.log(1 - p) / theta;
    // survival falls from 1 at 0 towards 0: bracket the quantile, then bisect.
    const target = 1 - p;
    let lo = 0;
    let hi = 1 / Math.min(mu, theta);
    while (survival(hi) > target) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      const mid = (lo + hi) / 2;
      if (survival(mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return { servers, arrivalRatePerMs: lambda, serviceRatePerMs: mu, utilization, waitProbability: c, mean, survival, quantile };
}
