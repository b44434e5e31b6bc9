import type { ExemplarLabels } from '../tracing/active-span';
import { type Exemplar, updateExemplar } from './exemplar';
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
  /** The most recent increment made inside a traced request (counters only). */
  exemplar: Exemplar | undefined = undefined;

  constructor(private readonly onInvalid: InvalidValueHandler) {}

  /**
   * Adds `amount` unless it, or the total it would make, is not finite: one `+Inf` or `NaN` would
   * otherwise stay in the total for the life of the process. Such an amount is dropped and reported.
   * With `exemplar` (labels of the traced request), the amount becomes the series' exemplar.
   */
  add(amount: number, exemplar?: ExemplarLabels): void {
    const total = this.value + amount;
    if (!Number.isFinite(total)) {
      this.onInvalid(amount);
      return;
    }
    this.value = total;
    if (exemplar !== undefined) this.exemplar = updateExemplar(this.exemplar, exemplar, amount);
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
    series.exemplar = undefined;
  }

  protected samples(entry: SeriesEntry<ValueSeries>): SampleValue[] {
    const { value, exemplar } = entry.series;
    // The same object as before exemplars when there is none: JSON and text output stay unchanged.
    if (exemplar === undefined) return [{ value, labels: entry.labels }];
    return [{ value, labels: entry.labels, exemplar }];
  }
}

/** A gauge whose series are plain numbers, set or moved up and down in place. */
export class GaugeFamily extends CounterFamily {
  override readonly type = 'gauge';
}
