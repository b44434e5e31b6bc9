import type { HeadlineExpr, Matcher, SumOf } from '../../infra/grafana/headlines';
import { histogramQuantile } from './histogram-quantile';
import { type Labels, labelKey, type Scrape } from './scrape';

/** A PromQL instant vector: one value per label set. */
export type Vector = ReadonlyMap<string, { readonly labels: Labels; readonly value: number }>;

/** Two scrapes of the same app; every `rate` and `increase` is their difference. */
export interface Window {
  readonly before: Scrape;
  readonly after: Scrape;
  /**
   * Count a series missing from `before` from 0. Right for an app started after `before` (a
   * counter starts at 0); Prometheus, which only knows its samples, leaves such series out.
   * @default false
   */
  readonly newSeriesFromZero?: boolean;
}

/**
 * Evaluates a headline of the dashboard over two scrapes, with Prometheus' semantics for the
 * shapes the headlines use: the dashboard's variables on "All" (they match any value), `rate` as
 * the difference over the time between the scrapes (a counter that went down was reset), `sum by`,
 * `or`, division of matching label sets, and `histogram_quantile`'s bucket interpolation.
 */
export function evaluate(expr: HeadlineExpr, window: Window): Vector {
  switch (expr.kind) {
    case 'sum':
      return sum(expr, window);
    case 'ratio': {
      const numerator = sum(expr.numerator, window);
      const filled =
        expr.orZero === undefined
          ? numerator
          : or(
              numerator,
              expr.orZero === 'vector(0)' ? zeroVector() : times(sum(expr.orZero, window), 0),
            );
      return divide(filled, sum(expr.denominator, window));
    }
    case 'scaled':
      return times(sum(expr.expr, window), expr.factor);
    case 'quantile': {
      const bucketRates = sum(
        {
          kind: 'sum',
          fn: 'rate',
          metric: `${expr.histogram}_bucket`,
          filters: expr.filters,
          by: ['le', ...expr.by],
          window: '',
        },
        window,
      );
      return quantiles(expr.q, bucketRates, expr.by);
    }
  }
}

function sum(expr: SumOf, { before, after, newSeriesFromZero }: Window): Vector {
  const seconds = (after.at - before.at) / 1000;
  const groups = new Map<string, { labels: Labels; value: number }>();
  for (const [key, sample] of after.samples.get(expr.metric) ?? []) {
    if (expr.match && !matches(expr.match, sample.labels)) continue;
    const earlier =
      before.samples.get(expr.metric)?.get(key)?.value ?? (newSeriesFromZero ? 0 : undefined);
    if (earlier === undefined) continue;
    const increase = sample.value >= earlier ? sample.value - earlier : sample.value;
    const value = expr.fn === 'rate' ? increase / seconds : increase;
    const labels = Object.fromEntries(expr.by.map((name) => [name, sample.labels[name] ?? '']));
    const group = labelKey(labels);
    groups.set(group, { labels, value: (groups.get(group)?.value ?? 0) + value });
  }
  return groups;
}

function matches(matcher: Matcher, labels: Labels): boolean {
  const value = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(value);
  }
}

function zeroVector(): Vector {
  return new Map([[labelKey({}), { labels: {}, value: 0 }]]);
}

/** `left or right`: all of left, plus right's label sets that left lacks. */
function or(left: Vector, right: Vector): Vector {
  const union = new Map(left);
  for (const [key, series] of right) if (!union.has(key)) union.set(key, series);
  return union;
}

function times(vector: Vector, factor: number): Vector {
  return new Map(
    [...vector].map(([key, s]) => [key, { labels: s.labels, value: s.value * factor }]),
  );
}

/** `left / right` on identical label sets; 0/0 is NaN and x/0 infinite, as in PromQL. */
function divide(left: Vector, right: Vector): Vector {
  const quotient = new Map<string, { labels: Labels; value: number }>();
  for (const [key, series] of left) {
    const divisor = right.get(key);
    if (divisor) quotient.set(key, { labels: series.labels, value: series.value / divisor.value });
  }
  return quotient;
}

function quantiles(q: number, bucketRates: Vector, by: readonly string[]): Vector {
  const histograms = new Map<
    string,
    { labels: Labels; buckets: { upperBound: number; count: number }[] }
  >();
  for (const { labels, value } of bucketRates.values()) {
    const upperBound = Number(labels.le === '+Inf' ? Number.POSITIVE_INFINITY : labels.le);
    if (Number.isNaN(upperBound)) continue;
    const grouping = Object.fromEntries(by.map((name) => [name, labels[name] ?? '']));
    const key = labelKey(grouping);
    const histogram = histograms.get(key) ?? { labels: grouping, buckets: [] };
    histogram.buckets.push({ upperBound, count: value });
    histograms.set(key, histogram);
  }
  return new Map(
    [...histograms].map(([key, h]) => [
      key,
      { labels: h.labels, value: histogramQuantile(q, h.buckets) },
    ]),
  );
}
