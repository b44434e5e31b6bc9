import Negotiator from 'negotiator';
import { type Metric, Registry, type RegistryContentType } from 'prom-client';

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

type AnyMetric = Metric & { getForPromString?: () => Promise<unknown> };

/**
 * The metrics of `registries` as one exposition in `contentType`, whatever content type each
 * registry was created with (issue 14, defect 6): each metric name once (the first registry that
 * has it wins), each registry's default labels kept, and in OpenMetrics a single `# EOF`, last.
 *
 * Rendering goes through a fresh registry of the wanted type per source registry, holding views of
 * the source's metrics. prom-client's own OpenMetrics rendering renames counters in place (it strips
 * `_total` from the metric object), which would break every later text-format scrape of them; the
 * views carry the name each format needs, and the source metrics are never written to.
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
    view.setDefaultLabels(defaultLabelsOf(source));
    let count = 0;
    for (const metric of source.getMetricsAsArray() as unknown as AnyMetric[]) {
      const key = familyName(metric, true);
      if (seen.has(key)) continue;
      seen.add(key);
      view.registerMetric(viewOf(metric, familyName(metric, openMetrics)));
      count++;
    }
    if (count === 0) continue;
    const text = await view.metrics();
    parts.push(openMetrics ? text.slice(0, -'\n# EOF\n'.length) : text.slice(0, -1));
  }
  if (openMetrics) return parts.length === 0 ? '# EOF\n' : `${parts.join('\n')}\n# EOF\n`;
  return `${parts.join('\n\n')}\n`;
}

/** OpenMetrics names a counter family without `_total` and appends it to the sample. */
function familyName(metric: AnyMetric, openMetrics: boolean): string {
  const { name } = metric as unknown as { name: string; type?: string };
  return openMetrics && (metric as { type?: string }).type === 'counter'
    ? name.replace(/_total$/, '')
    : name;
}

function viewOf(metric: AnyMetric, name: string): Metric {
  const read =
    typeof metric.getForPromString === 'function'
      ? () => (metric.getForPromString as () => Promise<object>).call(metric)
      : () => metric.get() as Promise<object>;
  return {
    name,
    help: (metric as unknown as { help: string }).help,
    type: (metric as unknown as { type: string }).type,
    get: async () => ({ ...(await read()), name }),
    reset: () => {},
  } as unknown as Metric;
}

/**
 * prom-client offers no getter for a registry's default labels (`setDefaultLabels` only), so they
 * are read from its one field for them, checked to be a plain object. test/core/openmetrics.test.ts
 * renders a registry with default labels in both formats, so a prom-client release that moves the
 * field fails there rather than silently dropping the labels.
 */
function defaultLabelsOf(registry: Registry<RegistryContentType>): object {
  const labels = (registry as unknown as { _defaultLabels?: unknown })._defaultLabels;
  return typeof labels === 'object' && labels !== null ? labels : {};
}
