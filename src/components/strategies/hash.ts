/** A 32-bit integer hash (MurmurHash3's finalizer over value and seed): stable across versions and machines. */
export function hash32(value: number, seed: number): number {
  let h = (Math.imul(value | 0, 0xcc9e2d51) ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
