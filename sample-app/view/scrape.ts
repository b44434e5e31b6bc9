import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** One reading of `/metrics`: every sample by its full name (`_bucket`, `_sum`, `_count` apart). */
export interface Scrape {
  /** When it was taken, in milliseconds since the epoch. */
  readonly at: number;
  readonly samples: ReadonlyMap<string, ReadonlyMap<string, Sample>>;
}

/** A stable key for a label set, whatever the order the labels came in. */
export function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Parses an exposition. Every family is read as untyped, so that histograms come back as their
 * `_bucket`, `_sum` and `_count` samples with labels, as Prometheus stores them (the parser
 * would otherwise merge a labelled histogram's series into one).
 */
export function parseScrape(text: string, at: number): Scrape {
  const untyped = text.replace(/^(# TYPE \S+) \w+$/gm, '$1 untyped');
  const samples = new Map<string, Map<string, Sample>>();
  for (const family of parsePrometheusTextFormat(untyped)) {
    const series = samples.get(family.name) ?? new Map<string, Sample>();
    samples.set(family.name, series);
    for (const metric of family.metrics) {
      const labels = metric.labels ?? {};
      series.set(labelKey(labels), { labels, value: Number(metric.value) });
    }
  }
  return { at, samples };
}

/** GETs `url` (the app's `/metrics`) and parses it, timed at the moment the answer arrived. */
export async function scrapeUrl(url: string, signal?: AbortSignal): Promise<Scrape> {
  const response = await fetch(url, { signal: signal ?? null });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const text = await response.text();
  return parseScrape(text, Date.now());
}
