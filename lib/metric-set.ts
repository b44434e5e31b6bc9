import type { MetricNames } from './metric-names';
import type { ResolvedOptions } from './resolve-options';
import { CounterFamily, GaugeFamily, type ValueSeries } from './series/counter-family';
import { HistogramCountView, HistogramFamily } from './series/histogram-family';
import { LabelGuard } from './series/label-guard';
import type { MetricSource } from './series/registry-bridge';
import type { Aggregator, OverflowHandler } from './series/series-family';
import { unauthorizedScrapesFamily } from './unauthorized-scrapes';

/** Every metric family one instance owns. */
export interface MetricSet {
  readonly requestDuration: HistogramFamily;
  readonly requests: HistogramCountView;
  readonly activeRequests: GaugeFamily;
  readonly errors: CounterFamily;
  readonly timeToFirstToken: HistogramFamily;
  readonly stageDuration: HistogramFamily;
  readonly tokens: CounterFamily;
  readonly requestTokens: HistogramFamily;
  readonly cost: CounterFamily;
  readonly fallbackPricedTokens: CounterFamily;
  readonly requestCost: HistogramFamily;
  readonly cacheRequests: CounterFamily;
  readonly relevance: HistogramFamily;
  readonly contextPrecision: HistogramFamily;
  readonly retrievalDocuments: HistogramFamily;
  readonly retrievalEmpty: CounterFamily;
  readonly retrievalTopScore: HistogramFamily;
  readonly evaluationScore: HistogramFamily;
  readonly refusals: CounterFamily;
  readonly guardrailActions: CounterFamily;
  readonly feedback: CounterFamily;
  readonly rateLimitRemaining: GaugeFamily;
  readonly rateLimitHits: CounterFamily;
  readonly rejected: CounterFamily;
  /** Scrapes of the metrics endpoint answered 401, by reason. */
  readonly unauthorizedScrapes: CounterFamily;
  readonly serviceInfo: GaugeFamily;
  /** Pre-resolved `rejected{reason}` series: rejections happen on request paths. */
  readonly rejectedInvalidValue: ValueSeries;
  readonly rejectedLabelOverflow: ValueSeries;
  readonly rejectedSeriesOverflow: ValueSeries;
}

/** Where the families report what they had to drop or replace. */
export interface MetricSetHandlers {
  /** A label value was replaced by `__other__` (its label reached `maxLabelValues`). */
  readonly onLabelOverflow: OverflowHandler;
  /** A label set went to the family's overflow series (the family reached `maxSeriesPerMetric`). */
  readonly onSeriesOverflow: (metricName: string) => void;
  /** An amount was dropped because it, or the total, was not finite. */
  readonly onInvalidValue: (metricName: string, value: number) => void;
}

const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Documents per retrieval: a boundary at 0 isolates empty retrievals, the rest covers usual top-k values. */
const DOCUMENT_BUCKETS = [0, 1, 2, 3, 5, 8, 10, 20, 50];

/** Builds the families; `register-metrics.ts` puts them in a registry. */
export function createMetricSet(
  names: MetricNames,
  options: ResolvedOptions,
  handlers: MetricSetHandlers,
): MetricSet {
  // One guard per label name, shared by every family carrying that label: a value is admitted or
  // replaced by `__other__` once, for all of them, so that `route` (or `model`) means the same in
  // rag_requests_total and rag_errors_total and PromQL joins on it hold (issue 14, defect 10).
  const guards = new Map<string, LabelGuard>();
  const guardOf = (label: string) => {
    let guard = guards.get(label);
    if (guard === undefined) {
      guard = new LabelGuard(label, options.maxLabelValues, options.maxLabelLength);
      guards.set(label, guard);
    }
    return guard;
  };
  const config = (
    name: string,
    help: string,
    labelNames: readonly string[],
    aggregator?: Aggregator,
  ) => ({
    name,
    help,
    labelNames,
    guards: labelNames.map(guardOf),
    onOverflow: handlers.onLabelOverflow,
    maxSeries: options.maxSeriesPerMetric,
    onSeriesOverflow: handlers.onSeriesOverflow,
    onInvalidValue: handlers.onInvalidValue,
    aggregator,
  });
  const counter = (
    name: string,
    help: string,
    labels: readonly string[],
    aggregator?: Aggregator,
  ) => new CounterFamily(config(name, help, labels, aggregator));
  const gauge = (name: string, help: string, labels: readonly string[], aggregator?: Aggregator) =>
    new GaugeFamily(config(name, help, labels, aggregator));
  const histogram = (
    name: string,
    help: string,
    labels: readonly string[],
    buckets: readonly number[],
  ) => new HistogramFamily(config(name, help, labels), buckets);
  const { buckets } = options;

  const requestDuration = histogram(
    names.requestDuration,
    'Time from the request arriving to the response finishing (or the client going away), in seconds.',
    ['method', 'route', 'status_code'],
    buckets.requestDuration,
  );
  // Its `reason` takes a few fixed values, never a caller's: a guard of its own (not the one
  // refusal reasons share), and no handlers, so that its own bookkeeping cannot recurse.
  const rejected = new CounterFamily({
    name: names.rejected,
    help: 'Recorded values dropped or label values replaced, by reason.',
    labelNames: ['reason'],
    guards: [new LabelGuard('reason', 16, 32)],
    onOverflow: () => {},
  });
  const serviceInfo = gauge(
    names.serviceInfo,
    'Always 1; labels identify the service, its environment and version.',
    ['service', 'environment', 'version'],
    'first',
  );
  serviceInfo.get3(options.serviceName, options.environment, options.version).value = 1;

  const set: MetricSet = {
    requestDuration,
    requests: new HistogramCountView(
      names.requests,
      'Requests served, by method, route and status code.',
      requestDuration,
    ),
    activeRequests: gauge(names.activeRequests, 'Requests in flight.', []),
    errors: counter(
      names.errors,
      'Failed requests (5xx and client aborts), by route and error type.',
      ['route', 'error_type'],
    ),
    timeToFirstToken: histogram(
      names.timeToFirstToken,
      'Time from the request arriving to the first generated token, in seconds.',
      ['route', 'model'],
      buckets.timeToFirstToken,
    ),
    stageDuration: histogram(
      names.stageDuration,
      'Duration of pipeline stages such as retrieval and generation, in seconds.',
      ['route', 'stage'],
      buckets.stageDuration,
    ),
    tokens: counter(
      names.tokens,
      'LLM tokens used, by model and type (cached_input is part of input).',
      ['model', 'type'],
    ),
    requestTokens: histogram(
      names.requestTokens,
      'LLM tokens used per request, by model and type.',
      ['model', 'type'],
      buckets.tokens,
    ),
    cost: counter(names.cost, 'LLM spend in US dollars, by model.', ['model']),
    fallbackPricedTokens: counter(
      names.fallbackPricedTokens,
      'LLM tokens (input and output) priced at the fallback rate because no price is known for their model, by model.',
      ['model'],
    ),
    requestCost: histogram(
      names.requestCost,
      'LLM spend per request in US dollars, by model.',
      ['model'],
      buckets.cost,
    ),
    cacheRequests: counter(
      names.cacheRequests,
      'Cache lookups, by cache type and result (hit or miss).',
      ['cache_type', 'result'],
    ),
    relevance: histogram(
      names.relevance,
      'Relevance of answers to their questions, 0 to 1.',
      ['route'],
      SCORE_BUCKETS,
    ),
    contextPrecision: histogram(
      names.contextPrecision,
      'Share of retrieved passages the answer used, 0 to 1.',
      ['route'],
      SCORE_BUCKETS,
    ),
    retrievalDocuments: histogram(
      names.retrievalDocuments,
      'Documents returned per retrieval, by route and source (index or collection).',
      ['route', 'source'],
      DOCUMENT_BUCKETS,
    ),
    retrievalEmpty: counter(
      names.retrievalEmpty,
      'Retrievals that returned no document, by route and source.',
      ['route', 'source'],
    ),
    retrievalTopScore: histogram(
      names.retrievalTopScore,
      'Score of the best retrieved document, normalised to 0 to 1, by route and source.',
      ['route', 'source'],
      SCORE_BUCKETS,
    ),
    evaluationScore: histogram(
      names.evaluationScore,
      'Answer evaluation scores, 0 to 1, by route and evaluation metric (faithfulness, answer_relevancy, ...).',
      ['route', 'metric'],
      SCORE_BUCKETS,
    ),
    refusals: counter(
      names.refusals,
      'Answers where the model declined or fell back to "I don\'t know", by route and reason.',
      ['route', 'reason'],
    ),
    guardrailActions: counter(
      names.guardrailActions,
      'Guardrail decisions (blocked, flagged, passed), by route and guardrail.',
      ['route', 'guardrail', 'action'],
    ),
    feedback: counter(
      names.feedback,
      'User feedback on answers (positive or negative), by route and model of the answer.',
      ['route', 'model', 'rating'],
    ),
    rateLimitRemaining: gauge(
      names.rateLimitRemaining,
      'Remaining provider quota from the latest rate-limit headers, by provider and limit.',
      ['provider', 'limit'],
      'min',
    ),
    rateLimitHits: counter(names.rateLimitHits, 'Rate-limit responses (429) from providers.', [
      'provider',
    ]),
    rejected,
    unauthorizedScrapes: unauthorizedScrapesFamily(names.unauthorizedScrapes),
    serviceInfo,
    rejectedInvalidValue: rejected.get1('invalid_value'),
    rejectedLabelOverflow: rejected.get1('label_overflow'),
    rejectedSeriesOverflow: rejected.get1('series_overflow'),
  };

  return set;
}

/** The metrics of `set` a registry exports: every family and view, not the pre-resolved series. */
export function exportedMetrics(set: MetricSet): MetricSource[] {
  return Object.values(set).filter((metric) => 'get' in metric);
}
