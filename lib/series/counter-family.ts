import {
  type FamilyConfig,
  type SampleValue,
  type SeriesEntry,
  SeriesFamily,
} from './series-family';

/** One counter or gauge series: a number updated in place. */
export interface ValueSeries {
  value: number;
}

/** A counter whose series are plain numbers. Callers only add validated, non-negative amounts. */
export class CounterFamily extends SeriesFamily<ValueSeries> {
  readonly type: 'counter' | 'gauge' = 'counter';

  constructor(config: FamilyConfig) {
    super(config, () => ({ value: 0 }));
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
