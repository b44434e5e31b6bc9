/**
 * The dashboard's headline numbers as data: requests, errors, latency, first token, tokens, spend,
 * cache, relevance, empty retrievals and feedback. The dashboard renders them to PromQL with
 * `promql()`; `npm run demo` computes the same definitions from two scrapes of `/metrics`
 * (sample-app/view/evaluate.ts). One definition, two readers, so the terminal view cannot drift
 * from the panels.
 *
 * Data rather than PromQL text parsed back: the panels use four shapes only (a sum of rates, a
 * ratio of two such sums, a scaled sum, a histogram quantile), and a closed union of those is
 * simpler and safer to evaluate than a PromQL parser would be.
 */
import { type Filter, quantile, RATE, sel } from './queries';

/** One label matcher besides the dashboard's variables, e.g. `status_code=~"5.."`. */
export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** `sum by (by) (rate|increase(metric{variables, match}[window]))`. */
export interface SumOf {
  readonly kind: 'sum';
  readonly fn: 'rate' | 'increase';
  readonly metric: string;
  /** Dashboard variables this metric has labels for (job and instance always apply). */
  readonly filters: readonly Filter[];
  readonly match?: Matcher;
  readonly by: readonly string[];
  /** `$__rate_interval`, `$__range` or a fixed duration such as `1h`. */
  readonly window: string;
}

/**
 * `numerator / denominator`. `orZero` fills in 0 where the numerator has no series yet (no error,
 * no hit): `vector(0)` for an ungrouped ratio, or this sum times 0 for one grouped like it.
 */
export interface Ratio {
  readonly kind: 'ratio';
  readonly numerator: SumOf;
  readonly denominator: SumOf;
  readonly orZero?: 'vector(0)' | SumOf;
}

export interface Scaled {
  readonly kind: 'scaled';
  readonly expr: SumOf;
  readonly factor: number;
}

/** `histogram_quantile(q, sum by (le, by) (rate(histogram_bucket{variables}[$__rate_interval])))`. */
export interface Quantile {
  readonly kind: 'quantile';
  readonly q: number;
  readonly histogram: string;
  readonly filters: readonly Filter[];
  readonly by: readonly string[];
}

export type HeadlineExpr = SumOf | Ratio | Scaled | Quantile;

function sumOf(
  metric: string,
  filters: readonly Filter[],
  more: Partial<Pick<SumOf, 'fn' | 'match' | 'by' | 'window'>> = {},
): SumOf {
  return { kind: 'sum', fn: 'rate', by: [], window: RATE, metric, filters, ...more };
}

/** Rate of a histogram's sum over the rate of its count, grouped by `by`. */
function averageOf(histogram: string, filters: readonly Filter[], by: readonly string[]): Ratio {
  return {
    kind: 'ratio',
    numerator: sumOf(`${histogram}_sum`, filters, { by }),
    denominator: sumOf(`${histogram}_count`, filters, { by }),
  };
}

/** Share of `metric`'s rate that matches `match`, grouped by `by`; 0 where nothing matched yet. */
function shareOf(
  metric: string,
  filters: readonly Filter[],
  match: Matcher,
  more: Partial<Pick<SumOf, 'by' | 'window'>>,
): Ratio {
  const all = sumOf(metric, filters, more);
  return { kind: 'ratio', numerator: { ...all, match }, denominator: all, orZero: all };
}

const requests = (match?: Matcher) =>
  sumOf('rag_requests_total', ['route'], match ? { match } : {});

export const HEADLINES = {
  requestRate: requests(),
  /** 5xx share of answered requests; 499 (client closed) is excluded from both sides. */
  errorRatio: {
    kind: 'ratio',
    numerator: requests({ label: 'status_code', op: '=~', value: '5..' }),
    denominator: requests({ label: 'status_code', op: '!=', value: '499' }),
    orZero: 'vector(0)',
  },
  latencyP50: {
    kind: 'quantile',
    q: 0.5,
    histogram: 'rag_request_duration_seconds',
    filters: ['route'],
    by: [],
  },
  latencyP95: {
    kind: 'quantile',
    q: 0.95,
    histogram: 'rag_request_duration_seconds',
    filters: ['route'],
    by: [],
  },
  firstTokenP95: {
    kind: 'quantile',
    q: 0.95,
    histogram: 'rag_time_to_first_token_seconds',
    filters: ['route', 'model'],
    by: ['model'],
  },
  tokenRate: sumOf('rag_tokens_total', ['model'], { by: ['model', 'type'] }),
  spendPerHour: {
    kind: 'scaled',
    expr: sumOf('rag_cost_usd_total', ['model'], { by: ['model'] }),
    factor: 3600,
  },
  totalSpend: sumOf('rag_cost_usd_total', ['model'], { fn: 'increase', window: '$__range' }),
  /** Hit ratio from the lookup counter; 0 (not empty) for a cache that only missed. */
  cacheHitRatio: shareOf(
    'rag_cache_requests_total',
    [],
    { label: 'result', op: '=', value: 'hit' },
    { by: ['cache_type'] },
  ),
  relevance: averageOf('rag_relevance_score', ['route'], ['route']),
  /** Empty share per route; 0 (not empty) for a route whose retrievals always found something. */
  emptyRetrievalRatio: {
    kind: 'ratio',
    numerator: sumOf('rag_retrieval_empty_total', ['route'], { by: ['route'] }),
    denominator: sumOf('rag_retrieval_documents_count', ['route'], { by: ['route'] }),
    orZero: sumOf('rag_retrieval_documents_count', ['route'], { by: ['route'] }),
  },
  // Feedback is sparse: the alert's one-hour window, so the panel and LowPositiveFeedback agree.
  positiveFeedbackRatio: shareOf(
    'rag_feedback_total',
    ['route', 'model'],
    { label: 'rating', op: '=', value: 'positive' },
    { by: ['model'], window: '1h' },
  ),
} as const satisfies Record<string, HeadlineExpr>;

export type HeadlineName = keyof typeof HEADLINES;

/** The PromQL text of a headline, with the dashboard's variables, as the panels query it. */
export function promql(expr: HeadlineExpr): string {
  switch (expr.kind) {
    case 'sum': {
      const match = expr.match ? `${expr.match.label}${expr.match.op}"${expr.match.value}"` : '';
      const sum = expr.by.length > 0 ? `sum by (${expr.by.join(', ')}) ` : 'sum';
      return `${sum}(${expr.fn}(${expr.metric}${sel(expr.filters, match)}[${expr.window}]))`;
    }
    case 'ratio': {
      const numerator =
        expr.orZero === undefined
          ? promql(expr.numerator)
          : `(${promql(expr.numerator)} or ${expr.orZero === 'vector(0)' ? 'vector(0)' : `${promql(expr.orZero)} * 0`})`;
      return `${numerator} / ${promql(expr.denominator)}`;
    }
    case 'scaled':
      return `${promql(expr.expr)} * ${expr.factor}`;
    case 'quantile':
      return quantile(expr.q, expr.histogram, sel(expr.filters), [...expr.by]);
  }
}
