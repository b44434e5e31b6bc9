import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Median, min and max of a non-empty list. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('spread() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** A 95 % confidence interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * A 95 % bootstrap interval of the median of `values` (percentile method): the median of many
 * resamples drawn with replacement, and the 2.5th and 97.5th percentiles of those medians. It says
 * whether a run resolved its median: on this machine one round's CPU ratio moves by ±20 %, so a
 * median of a few rounds can sit on either side of a 5 % budget by chance. Seeded, so a report is
 * the same every time it is formatted from the same rounds.
 */
export function medianInterval(values: readonly number[], resamples = 2000, seed = 1): Interval {
  if (values.length === 0) throw new RangeError('medianInterval() needs at least one value');
  const random = xoroshiro128plus(seed);
  const last = values.length - 1;
  const medians: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++)
      sample[i] = values[uniformInt(random, 0, last)] as number;
    medians.push(spread(sample).median);
  }
  medians.sort((a, b) => a - b);
  const at = (p: number) => medians[Math.min(resamples - 1, Math.floor(p * resamples))] as number;
  return { low: at(0.025), high: at(0.975) };
}
