/**
 * PromQL of the RAG overview dashboard, one function per question a panel answers.
 *
 * Panels query the raw `rag_*` series rather than the recording rules so that they can filter
 * by `$instance`: the recording rules aggregate instances away, as alerts need. One service's
 * routes x buckets x instances is small enough to query live. Every selector goes through
 * `sel()`, so the template variables apply to every panel in the same way.
 */

/** Grafana's own rate window: at least 4 scrape intervals, whatever the zoom. */
export const RATE = '$__rate_interval';

export type Filter = 'route' | 'model';

/** `{job=~"$job",instance=~"$instance",...}` plus the filters this metric has labels for. */
export function sel(filters: readonly Filter[] = [], extra = ''): string {
  const matchers = ['job=~"$job"', 'instance=~"$instance"'];
  for (const filter of filters) matchers.push(`${filter}=~"$${filter}"`);
  if (extra) matchers.push(extra);
  return `{${matchers.join(',')}}`;
}

/** Quantile of a histogram with instances' buckets summed first, then split by `by`. */
export function quantile(
  q: number,
  histogram: string,
  selector: string,
  by: string[] = [],
): string {
  const labels = ['le', ...by].join(', ');
  return `histogram_quantile(${q}, sum by (${labels}) (rate(${histogram}_bucket${selector}[${RATE}])))`;
}

/** Average of a histogram's observations: rate of the sum over rate of the count. */
export function average(histogram: string, selector: string, by: string[] = []): string {
  const grouping = by.length > 0 ? `sum by (${by.join(', ')})` : 'sum';
  return `${grouping} (rate(${histogram}_sum${selector}[${RATE}])) / ${grouping} (rate(${histogram}_count${selector}[${RATE}]))`;
}

const requests = (extra = '') => `rag_requests_total${sel(['route'], extra)}`;

export const serverErrorRate = `sum(rate(${requests('status_code=~"5.."')}[${RATE}]))`;
export const clientAbortRate = `sum(rate(${requests('status_code="499"')}[${RATE}]))`;
