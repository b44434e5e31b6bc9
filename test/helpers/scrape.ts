import type { RequestListener } from 'node:http';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import request from 'supertest';

type Labels = Readonly<Record<string, string>>;

export interface HistogramReading {
  count: number;
  sum: number;
  /** Cumulative counts by `le`, including `+Inf`. */
  buckets: Record<string, number>;
}

/**
 * Parsed `/metrics`, with exact lookups by metric name and full label set.
 *
 * parse-prometheus-text-format merges the series of a labelled histogram into one (its
 * `flattenMetrics` ignores labels), so histograms are read from a second parse in which their
 * families are declared untyped: `_bucket`, `_sum` and `_count` then come back as plain samples
 * with their labels, and are put together here.
 */
export class Exposition {
  private readonly families: ReturnType<typeof parsePrometheusTextFormat>;
  private readonly flatFamilies: ReturnType<typeof parsePrometheusTextFormat>;

  constructor(readonly text: string) {
    this.families = parsePrometheusTextFormat(text);
    this.flatFamilies = parsePrometheusTextFormat(
      text.replace(/^(# TYPE \S+) histogram$/gm, '$1 untyped'),
    );
  }

  has(name: string): boolean {
    return this.families.some((family) => family.name === name);
  }

  type(name: string): string | undefined {
    return this.families.find((family) => family.name === name)?.type;
  }

  /** Every series of `name` as its labels. */
  series(name: string): Labels[] {
    return this.family(name).metrics.map((sample) => sample.labels ?? {});
  }

  /** The value of the counter or gauge series with exactly these labels; `undefined` if absent. */
  value(name: string, labels: Labels = {}): number | undefined {
    const sample = this.find(name, labels);
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  /** The histogram series with exactly these labels; `undefined` if absent. */
  histogram(name: string, labels: Labels = {}): HistogramReading | undefined {
    if (this.type(name) !== 'HISTOGRAM') throw new Error(`${name} is not a histogram`);
    const count = this.flatValue(`${name}_count`, labels);
    const sum = this.flatValue(`${name}_sum`, labels);
    if (count === undefined || sum === undefined) return undefined;
    const buckets: Record<string, number> = {};
    for (const sample of this.flatSamples(`${name}_bucket`)) {
      const { le, ...rest } = sample.labels ?? {};
      if (le !== undefined && sameLabels(rest, labels)) buckets[le] = Number(sample.value);
    }
    return { count, sum, buckets };
  }

  /** Untyped families repeat once per series (`_bucket`, `_sum`, `_count` alternate): gather them. */
  private flatSamples(name: string) {
    return this.flatFamilies
      .filter((family) => family.name === name)
      .flatMap((family) => family.metrics);
  }

  private flatValue(name: string, labels: Labels): number | undefined {
    const sample = this.flatSamples(name).find((candidate) =>
      sameLabels(candidate.labels ?? {}, labels),
    );
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  private family(name: string) {
    const family = this.families.find((candidate) => candidate.name === name);
    if (family === undefined) throw new Error(`metric family ${name} is not in the exposition`);
    return family;
  }

  private find(name: string, labels: Labels) {
    if (!this.has(name)) return undefined;
    return this.family(name).metrics.find((sample) => sameLabels(sample.labels ?? {}, labels));
  }
}

function sameLabels(actual: Labels, expected: Labels): boolean {
  const keys = Object.keys(actual);
  return (
    keys.length === Object.keys(expected).length &&
    keys.every((key) => actual[key] === expected[key])
  );
}

/** GETs `path` (default `/metrics`) from `app` and parses it. */
export async function scrape(app: RequestListener, path = '/metrics'): Promise<Exposition> {
  const response = await request(app).get(path).expect(200);
  return new Exposition(response.text);
}
