import {
  type FamilyConfig,
  type InvalidValueHandler,
  invalidValueHandler,
  type SampleValue,
  type SeriesEntry,
  SeriesFamily,
} from './series-family';

/**
 * One counter or gauge series: a number updated in place. Constant steps (`value++`) are written
 * directly; computed amounts go through `add()`, which keeps the total finite.
 */
export class ValueSeries {
  value = 0;

  constructor(private readonly onInvalid: InvalidValueHandler) {}

  /**
   * Adds `amount` unless it, or the total it would make, is not finite: one `+Inf` or `NaN` would
   * otherwise stay in the total for the life of the process. Such an amount is dropped and reported.
   */
  add(amount: number): void {
    const total = this.value + amount;
    if (Number.isFinite(total)) this.value = total;
    else this.onInvalid(amount);
  }
}

/** A counter whose series are plain numbers. Callers only add validated, non-negative amounts. */
export class CounterFamily extends SeriesFamily<ValueSeries> {
  readonly type: 'counter' | 'gauge' = 'counter';

  constructor(config: FamilyConfig) {
    const onInvalid = invalidValueHandler(config);
    super(config, () => new ValueSeries(onInvalid));
  }

  protected resetSeries(series: ValueSeries): void {
    series.value = 0;
  }

  protected samples(entry: SeriesEntry<ValueSeries>): SampleValue[] {
    return [{ value: entry.series.value, labels: entry.labels }];
  }
}

/** A gauge whose series are plain numbers, set or moved up and down in place. */
export class GaugeFamily extends CounterFamily {
  override readonly type = 'gauge';
}
