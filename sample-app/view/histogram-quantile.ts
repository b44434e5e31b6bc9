/** One cumulative bucket: observations at or below `upperBound`. */
export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
}

/**
 * The q-quantile of cumulative buckets, interpolated linearly inside the bucket the rank falls
 * in, exactly as Prometheus' `histogram_quantile` does (promql/quantile.go, `bucketQuantile`):
 * NaN without a `+Inf` bucket or observations, the highest finite bound when the rank falls in
 * `+Inf`, and 0 as the lower edge of the first bucket when its bound is positive.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = coalesce([...buckets].sort((a, b) => a.upperBound - b.upperBound));
  if (sorted.at(-1)?.upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Rates of separately scraped buckets can dip below the bucket under them; Prometheus flattens.
  let highest = 0;
  const counts = sorted.map((bucket) => (highest = Math.max(highest, bucket.count)));
  if (sorted.length < 2) return Number.NaN;
  const observations = counts.at(-1) ?? 0;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = counts.findIndex((count, i) => i < counts.length - 1 && count >= rank);
  if (b === -1) b = counts.length - 1;
  if (b === counts.length - 1) return sorted[b - 1]?.upperBound ?? Number.NaN;
  const end = sorted[b]?.upperBound ?? Number.NaN;
  if (b === 0 && end <= 0) return end;
  let start = 0;
  let count = counts[b] ?? 0;
  if (b > 0) {
    start = sorted[b - 1]?.upperBound ?? 0;
    count -= counts[b - 1] ?? 0;
    rank -= counts[b - 1] ?? 0;
  }
  return start + (end - start) * (rank / count);
}

/** Buckets with the same bound (e.g. `1` and `1.0`) count as one, their counts added. */
function coalesce(sorted: readonly Bucket[]): Bucket[] {
  const merged: Bucket[] = [];
  for (const bucket of sorted) {
    const last = merged.at(-1);
    if (last && last.upperBound === bucket.upperBound) {
      merged[merged.length - 1] = { upperBound: last.upperBound, count: last.count + bucket.count };
    } else {
      merged.push(bucket);
    }
  }
  return merged;
}
