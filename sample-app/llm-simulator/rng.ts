/**
 * A small seeded PRNG (mulberry32), so that a simulator started with the same seed injects the
 * same errors and latencies in the same order: reproducible demos, no flaky tests.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal factor with median 1: most calls near the median, a long tail of slow ones. */
export function logNormalFactor(random: Random, sigma: number): number {
  // Box-Muller; 1 - random() keeps the log argument away from 0.
  const u = 1 - random();
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.exp(sigma * normal);
}
