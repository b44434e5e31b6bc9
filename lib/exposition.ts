import Negotiator from 'negotiator';
import { Registry, type RegistryContentType } from 'prom-client';
import { type BridgedData, bridgeOf, type MetricSource } from './series/registry-bridge';

/** Prometheus text format 0.0.4, what every scraper reads. */
export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
/** OpenMetrics 1.0.0, which Prometheus asks for first and which alone carries exemplars. */
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;

/** The formats an endpoint can answer in, text first: it is the answer when the client states no preference. */
export const EXPOSITION_FORMATS: readonly RegistryContentType[] = [
  PROMETHEUS_TEXT,
  OPENMETRICS_TEXT,
];

/**
 * The format to answer a scrape in, from its `Accept` header: OpenMetrics when the scraper prefers
 * it (Prometheus does by default), otherwise text 0.0.4 (no header, `*∕*`, or nothing we offer).
 */
export function negotiateFormat(
  accept: string | undefined,
  offered: readonly RegistryContentType[] = EXPOSITION_FORMATS,
): RegistryContentType {
  if (accept === undefined || offered.length === 1) return offered[0] ?? PROMETHEUS_TEXT;
  const chosen = new Negotiator({ headers: { accept } }).mediaType([...offered]);
  return (offered as readonly string[]).includes(chosen ?? '')
    ? (chosen as RegistryContentType)
    : (offered[0] ?? PROMETHEUS_TEXT);
}

/** A metric as `getMetricsAsJSON()` returns it. */
type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/**
 * The metrics of `registries` as one exposition in `contentType`, whatever content type each
 * registry was created with (issue 14, defect 6): each metric name once (the first registry that
 * has it wins), each registry's default labels kept, and in OpenMetrics a single `# EOF`, last.
 *
 * Each source registry is read through prom-client's public `getMetricsAsJSON()`, which applies its
 * default labels, and rendered by a fresh registry of the wanted type holding bridges of that data
 * (issue 14, defect 9). prom-client's own OpenMetrics rendering renames counters in place (it strips
 * `_total` from the metric object), which would break every later text-format scrape of them; only
 * the fresh bridges are renamed, and the source metrics are never written to.
 */
export async function renderRegistries(
  registries: readonly Registry<RegistryContentType>[],
  contentType: RegistryContentType,
): Promise<string> {
  const openMetrics = contentType === OPENMETRICS_TEXT;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const source of registries) {
    const view = new Registry<RegistryContentType>();
    view.setContentType(contentType);
    let count = 0;
    for (const metric of await source.getMetricsAsJSON()) {
      const data = dataOf(metric);
      const key = familyName(metric.name, data.type);
      if (seen.has(key)) continue;
      seen.add(key);
      view.registerMetric(bridgeOf(fixed(metric.name, data)));
      count++;
    }
    if (count === 0) continue;
    const text = await view.metrics();
    parts.push(openMetrics ? text.slice(0, -'\n# EOF\n'.length) : text.slice(0, -1));
  }
  if (openMetrics) return parts.length === 0 ? '# EOF\n' : `${parts.join('\n')}\n# EOF\n`;
  return `${parts.join('\n\n')}\n`;
}

/** A name the two formats share: OpenMetrics names a counter family without `_total`. */
function familyName(name: string, type: string): string {
  return type === 'counter' ? name.replace(/_total$/, '') : name;
}

/**
 * The metric's data as the bridge takes it. prom-client types `type` as its enum `MetricType`,
 * which exists in its typings only: at run time it is the string its registry renders.
 */
function dataOf(metric: MetricJson): BridgedData {
  return {
    help: metric.help,
    type: String(metric.type),
    aggregator: metric.aggregator,
    values: metric.values,
  };
}

/** A source that always returns `data`: one scrape's snapshot of a registry's metric. */
function fixed(name: string, data: BridgedData): MetricSource {
  return {
    name,
    help: data.help,
    type: data.type,
    aggregator: data.aggregator,
    get: async () => data,
    reset: () => {},
  };
}
