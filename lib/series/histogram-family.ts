import type { ExemplarLabels } from '../tracing/active-span';
import { type Exemplar, updateExemplar } from './exemplar';
import {
  type Aggregator,
  type FamilyConfig,
  type InvalidValueHandler,
  invalidValueHandler,
  type MetricObject,
  type SampleValue,
  type SeriesEntry,
  SeriesFamily,
} from './series-family';

/** One histogram series: per-bucket counts (not cumulative), sum and count. */
export class HistogramSeries {
  /** `counts[i]` holds observations in (bounds[i-1], bounds[i]]; the last slot those above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** The most recent exemplar of each bucket, same slots as `counts`; made on the first one. */
  exemplars: (Exemplar | undefined)[] | undefined = undefined;

  constructor(
    private readonly bounds: Float64Array,
    private readonly onInvalid: InvalidValueHandler,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /**
   * Adds to `_sum` without a new observation: an amount a request recorded after its observation
   * (request-observations.ts). Buckets are cumulative counters and must never go down.
   */
  addToSum(amount: number): void {
    if (!Number.isFinite(this.sum + amount)) {
      this.onInvalid(amount);
      return;
    }
    this.sum += amount;
  }

  /**
   * Observes `value` unless it, or the sum it would make, is not finite (dropped and reported).
   * `exemplar`: labels of the traced request the value belongs to, if any.
   */
  observe(value: number, exemplar?: ExemplarLabels): void {
    if (!Number.isFinite(this.sum + value)) {
      this.onInvalid(value);
      return;
    }
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (this.counts[i] as number)++;
    this.sum += value;
    this.count++;
    if (exemplar !== undefined) {
      const exemplars = (this.exemplars ??= new Array(this.counts.length).fill(undefined));
      exemplars[i] = updateExemplar(exemplars[i], exemplar, value);
    }
  }
}

/** A histogram with prom-client's exposition: cumulative `_bucket` lines, `+Inf`, `_sum`, `_count`. */
export class HistogramFamily extends SeriesFamily<HistogramSeries> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];
  // Made once, not once per series per scrape (issue 7: rendering 100k series).
  private readonly bucketName: string;
  private readonly sumName: string;
  private readonly countName: string;

  constructor(config: FamilyConfig, buckets: readonly number[]) {
    const bounds = Float64Array.from(buckets);
    const onInvalid = invalidValueHandler(config);
    super(config, () => new HistogramSeries(bounds, onInvalid));
    this.buckets = buckets;
    this.bucketName = `${this.name}_bucket`;
    this.sumName = `${this.name}_sum`;
    this.countName = `${this.name}_count`;
  }

  protected resetSeries(series: HistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
    series.exemplars = undefined;
  }

  protected samples(entry: SeriesEntry<HistogramSeries>): SampleValue[] {
    const { labels, series } = entry;
    const { bucketName, buckets } = this;
    const { exemplars } = series;
    const samples: SampleValue[] = [];
    // `labels` as the rendering hint of every sample (see SampleValue): a 12-bucket series has its
    // labels formatted once per scrape, not 14 times.
    let cumulative = 0;
    for (let i = 0; i < buckets.length; i++) {
      cumulative += series.counts[i] as number;
      samples.push({
        labels: withLe(buckets[i] as number, labels),
        value: cumulative,
        metricName: bucketName,
        exemplar: exemplars?.[i] ?? null,
        sharedLabels: labels,
      });
    }
    samples.push({
      labels: withLe('+Inf', labels),
      value: series.count,
      metricName: bucketName,
      exemplar: exemplars?.[buckets.length] ?? null,
      sharedLabels: labels,
    });
    // `_sum` and `_count` share the series' label object: registries copy labels before adding to them.
    samples.push({
      labels,
      value: series.sum,
      metricName: this.sumName,
      exemplar: undefined,
      sharedLabels: labels,
    });
    samples.push({
      labels,
      value: series.count,
      metricName: this.countName,
      exemplar: undefined,
      sharedLabels: labels,
    });
    return samples;
  }
}

/**
 * A bucket's labels as prom-client's own histogram `get()` returns them: `le` first, then the
 * series' labels; its registry renders this shape byte for byte as it renders its own histograms.
 * `Object.assign` onto a literal, because object spread of two objects is many times slower here
 * and a scrape makes one such object per bucket per series.
 */
function withLe(
  le: number | string,
  labels: Record<string, string>,
): Record<string, string | number> {
  return Object.assign({ le }, labels);
}

/**
 * A counter that reads its values from a histogram with the same labels. `rag_requests_total` is, by
 * definition, `rag_request_duration_seconds_count`: the hot path updates one series instead of two,
 * and the two can never disagree.
 */
export class HistogramCountView {
  readonly type = 'counter';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly histogram: HistogramFamily,
    readonly aggregator: Aggregator = 'sum',
  ) {}

  get labelNames(): readonly string[] {
    return this.histogram.labelNames;
  }

  /** The histogram owns the values: resetting it resets this view. */
  reset(): void {}

  async get(): Promise<MetricObject> {
    const values = this.histogram
      .series()
      .map(({ labels, series }) => ({ value: series.count, labels }));
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }
}
