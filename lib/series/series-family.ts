import type { Exemplar } from './exemplar';
import { type LabelGuard, OVERFLOW_LABEL_VALUE } from './label-guard';

/** One sample line as a metric's `get()` returns it; the shape prom-client's own metrics use. */
export interface SampleValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  exemplar?: Exemplar | null;
  /**
   * A rendering hint, not data: the series' own labels, one object shared by all of the series'
   * samples and kept across scrapes. `labels` always holds every label, so whatever reads `get()`
   * sees the full set. prom-client's registry (15.0 to 15.1 at least) renders the labels named
   * here from one cached string per object and the rest of `labels` per sample, which is how its
   * own histograms avoid formatting every label on every bucket line; a registry that ignores the
   * hint renders `labels` in full. The text is the same either way, up to label order
   * (test/core/registry-bridge.test.ts renders both).
   */
  sharedLabels?: Record<string, string>;
}

export type Aggregator = 'sum' | 'first' | 'min' | 'max' | 'average' | 'omit';

export interface MetricObject {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  values: SampleValue[];
  aggregator: Aggregator;
}

/** Called when a label value had to be replaced by the overflow value. */
export type OverflowHandler = (labelName: string) => void;

/** Called with a value that was not added or observed because it, or the total, was not finite. */
export type InvalidValueHandler = (value: number) => void;

export interface SeriesEntry<S> {
  readonly labels: Record<string, string>;
  readonly series: S;
}

/** What every family is built from; the factory in `metric-set.ts` fills it in. */
export interface FamilyConfig {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** One guard per label name, in order. */
  readonly guards: readonly LabelGuard[];
  readonly onOverflow: OverflowHandler;
  /**
   * Most series the family holds; past it, a new label set goes to one overflow series (every label
   * `__other__`), so memory and scrape size stay bounded whatever the per-label caps multiply to.
   * @default no cap
   */
  readonly maxSeries?: number;
  /** Called with the family's name each time a label set is sent to the overflow series. */
  readonly onSeriesOverflow?: (metricName: string) => void;
  /** Called with the family's name and a non-finite value it dropped. @default ignore it */
  readonly onInvalidValue?: (metricName: string, value: number) => void;
  /** How the cluster aggregator combines workers' values. @default 'sum' */
  readonly aggregator?: Aggregator;
}

/** The family's handler of dropped values, made once per family and shared by its series. */
export function invalidValueHandler(config: FamilyConfig): InvalidValueHandler {
  const report = config.onInvalidValue;
  if (report === undefined) return () => {};
  return (value) => report(config.name, value);
}

type Trie<S> = Map<string, Trie<S> | S>;

/**
 * A metric family whose series are resolved once per distinct label set and then updated as plain
 * numbers: the hot path is one to three `Map.get` calls and no allocation. A registry reads the
 * family at scrape time through its bridge (`registry-bridge.ts`), which returns `get()`: the shape
 * prom-client's own metrics return, so the exposition stays byte-compatible.
 */
export abstract class SeriesFamily<S> {
  abstract readonly type: MetricObject['type'];
  protected readonly entries: SeriesEntry<S>[] = [];
  private root: Trie<S> = new Map();

  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly aggregator: Aggregator;
  private readonly guards: readonly LabelGuard[];
  private readonly onOverflow: OverflowHandler;
  private readonly maxSeries: number;
  private readonly onSeriesOverflow: (metricName: string) => void;
  /** The series every label set past `maxSeries` shares; made when first needed. */
  private overflow: S | undefined = undefined;

  constructor(
    config: FamilyConfig,
    private readonly newSeries: () => S,
  ) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.aggregator = config.aggregator ?? 'sum';
    this.guards = config.guards;
    this.onOverflow = config.onOverflow;
    this.maxSeries = config.maxSeries ?? Number.POSITIVE_INFINITY;
    this.onSeriesOverflow = config.onSeriesOverflow ?? (() => {});
    // A family without labels has exactly one series, exported from the start (as prom-client does).
    if (this.labelNames.length === 0) this.createSeries([]);
  }

  protected abstract resetSeries(series: S): void;
  /** Sample lines of one series, in prom-client's order. */
  protected abstract samples(entry: SeriesEntry<S>): SampleValue[];

  /** The series of a family without labels. */
  get0(): S {
    // biome-ignore lint/style/noNonNullAssertion: created in the constructor for label-less families
    return this.entries[0]!.series;
  }

  get1(a: string): S {
    const hit = this.root.get(a) as S | undefined;
    return hit !== undefined ? hit : this.resolve([a]);
  }

  get2(a: string, b: string): S {
    const level = this.root.get(a) as Trie<S> | undefined;
    const hit = level?.get(b) as S | undefined;
    return hit !== undefined ? hit : this.resolve([a, b]);
  }

  get3(a: string, b: string, c: string): S {
    const level1 = this.root.get(a) as Trie<S> | undefined;
    const level2 = level1?.get(b) as Trie<S> | undefined;
    const hit = level2?.get(c) as S | undefined;
    return hit !== undefined ? hit : this.resolve([a, b, c]);
  }

  /** Number of series the family holds. */
  get size(): number {
    return this.entries.length;
  }

  /** Every series with its labels, in creation order. */
  series(): readonly SeriesEntry<S>[] {
    return this.entries;
  }

  /** Keeps the series (dashboards expect them to persist) but zeroes every value, as prom-client does. */
  reset(): void {
    for (const entry of this.entries) this.resetSeries(entry.series);
  }

  async get(): Promise<MetricObject> {
    const values: SampleValue[] = [];
    for (const entry of this.entries) {
      for (const sample of this.samples(entry)) values.push(sample);
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  /** First sight of a label set: bound every value, then find or create the series. */
  private resolve(raw: readonly string[]): S {
    const values: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const original = String(raw[i]);
      // biome-ignore lint/style/noNonNullAssertion: one guard per label name
      const admitted = this.guards[i]!.admit(original);
      if (admitted.overflowed) this.onOverflow(this.labelNames[i] ?? '');
      values.push(admitted.value);
    }
    // The trie holds admitted values only. A value that had to be replaced is never cached under its
    // raw form, so it takes this path again next time: that keeps memory bounded and counts each overflow.
    const known = this.lookup(values);
    if (known !== undefined) return known;
    if (this.entries.length < this.maxSeries) return this.createSeries(values);
    this.onSeriesOverflow(this.name);
    return this.overflowSeries();
  }

  private overflowSeries(): S {
    if (this.overflow === undefined) {
      const values = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
      this.overflow = this.lookup(values) ?? this.createSeries(values);
    }
    return this.overflow;
  }

  private lookup(values: readonly string[]): S | undefined {
    let node: Trie<S> | S | undefined = this.root;
    for (const value of values) {
      node = (node as Trie<S>).get(value);
      if (node === undefined) return undefined;
    }
    return node as S;
  }

  private createSeries(values: readonly string[]): S {
    const series = this.newSeries();
    const labels: Record<string, string> = {};
    this.labelNames.forEach((labelName, i) => {
      labels[labelName] = values[i] ?? '';
    });
    this.entries.push({ labels, series });
    let node = this.root;
    values.forEach((value, i) => {
      if (i === values.length - 1) {
        node.set(value, series);
        return;
      }
      let next = node.get(value) as Trie<S> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    });
    return series;
  }
}
