import type { ExemplarLabels } from '../tracing/active-span';
import { type Exemplar, updateExemplar } from './exemplar';
import {
  type FamilyConfig,
  type SampleValue,
  type SeriesEntry,
  SeriesFamily,
} from './series-family';

/** One counter or gauge series: a number updated in place. */
export interface ValueSeries {
  value: number;
  /** The most recent increment made inside a traced request (counters only). */
  exemplar: Exemplar | undefined;
}

/** Adds `amount` to a counter series, keeping it as the series' exemplar when `exemplar` is given. */
export function addToCounter(
  series: ValueSeries,
  amount: number,
  exemplar: ExemplarLabels | undefined,
): void {
  series.value += amount;
  if (exemplar !== undefined) series.exemplar = updateExemplar(series.exemplar, exemplar, amount);
}

/** A counter whose series are plain numbers. Callers only add validated, non-negative amounts. */
export class CounterFamily extends SeriesFamily<ValueSeries> {
  readonly type: 'counter' | 'gauge' = 'counter';

  constructor(config: FamilyConfig) {
    super(config, () => ({ value: 0, exemplar: undefined }));
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
