/**
 * Request keys (`load.keys`): a user, a tenant, a cache key, for the strategies that route by key.
 * Drawn from their own stream (`load/keys`), so adding keys moves no arrival time. Uniform over
 * `count` keys, or Zipf(s): key k (0-based) has weight 1/(k+1)^s, a few hot keys and a long tail.
 */
import type { KeysSpec } from '../spec/scenario.js';
import type { Rng } from '../engine/rng.js';

export type KeySampler = (rng: Rng) => number;

export function makeKeys(spec: KeysSpec): KeySampler {
  const n = spec.count;
  if (spec.zipf === undefined) return (rng) => Math.floor(rng() * n);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, spec.zipf);
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return (rng) => {
    const u = rng();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
