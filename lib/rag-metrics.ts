import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  collectDefaultMetrics,
  register as globalRegistry,
  Registry,
  type RegistryContentType,
} from 'prom-client';
import { errorTypeOf } from './error-type';
import { EXPOSITION_FORMATS, renderRegistries } from './exposition';
import { type MetricNames, metricNames } from './metric-names';
import { createMetricSet, exportedMetrics, type MetricSet } from './metric-set';
import { createMetricsHandler, type MetricsRequestHandler } from './metrics-endpoint';
import { listenForMetrics } from './metrics-server';
import type { RagMetricsOptions } from './options';
import { PriceResolver } from './pricing/price-resolver';
import { publicEndpointWarning } from './public-endpoint-warning';
import { FEEDBACK_RATINGS, type Feedback } from './quality-types';
import { RequestContext } from './rag-context';
import { registerMetrics, replacedInstanceWarning } from './register-metrics';
import { publishRequestRecord, requestRecorded } from './request-record';
import { type ResolvedOptions, resolveOptions } from './resolve-options';
import { guardedSkip, type SkipRequest } from './skip';
import { createSpanReader, type SpanReader } from './tracing/active-span';
import type { RagContext, RateLimitReading } from './types';
import { isNonEmptyString, isNonNegativeNumber, quote } from './validation';
import { WarnOnce } from './warnings';

/** How a request ended, as the adapters see it. */
export interface RequestOutcome {
  readonly method: string;
  readonly route: string;
  readonly statusCode: number;
  /** The client went away before the response was complete. */
  readonly aborted: boolean;
}

/**
 * Marks instances, so that an instance made by another copy of the package (two versions
 * installed side by side) is recognised: `instanceof` compares classes, which differ per copy.
 */
const BRAND = Symbol.for('rag-metrics.RagMetrics');

/** Whether `value` is a `RagMetrics` instance, from this copy of the package or another. */
export function isRagMetrics(value: unknown): value is RagMetrics {
  return (
    typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  );
}

/** Method label of work recorded with `monitor()`, outside HTTP. */
export const MONITOR_METHOD = 'JOB';

const ABORTED_STATUS = '499';
/** Route and model of feedback that did not say which answer it rates. */
const UNKNOWN_LABEL = 'unknown';
const STATUS_LABELS: string[] = [];

function statusLabel(statusCode: number): string {
  // Status codes are few; their label strings are made once each.
  return (STATUS_LABELS[statusCode] ??= String(statusCode));
}

/**
 * Owns one set of metrics: creates them in its registry, records requests, renders `/metrics`.
 * Create it with `createRagMetrics()`; share it between an Express and a Koa app by passing it to
 * both `ragMetrics()` calls.
 */
export class RagMetrics {
  /** `instanceof RagMetrics` holds for instances of any copy of the package (a brand check). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isRagMetrics(value);
  }

  /** @internal */
  readonly [BRAND] = true;
  /** The registry this instance's metrics are in. */
  readonly registry: Registry;
  /** Metric names with the configured prefix. */
  readonly names: MetricNames;
  /** The path the middlewares serve metrics on, or `false`. */
  readonly metricsPath: string | false;
  /** @internal The `skip` option, safe to call per request; `undefined` when nothing is skipped. */
  readonly skip: SkipRequest | undefined;
  /** @internal the families; adapters and contexts update them. */
  readonly metrics: MetricSet;
  /** @internal */
  readonly prices: PriceResolver;
  /** @internal */
  readonly options: ResolvedOptions;
  private readonly warnings: WarnOnce;
  /** Reads the active span; `undefined` when `@opentelemetry/api` is not installed. */
  private readonly readSpan: SpanReader | undefined = createSpanReader();
  private readonly servers = new Set<Server>();
  private handler: MetricsRequestHandler | undefined;
  private readonly service: { readonly name: string; readonly environment: string };

  constructor(options: RagMetricsOptions = {}) {
    this.options = resolveOptions(options);
    this.registry = this.options.registry ?? new Registry();
    this.names = metricNames(this.options.prefix);
    this.metricsPath = this.options.metricsPath;
    this.warnings = new WarnOnce(this.options.onWarning);
    this.skip = guardedSkip(this.options.skip, (err) =>
      this.rejectValue(
        'skip',
        err instanceof Error ? err.message : err,
        'a skip function that returns true or false without throwing (the request was measured)',
      ),
    );
    this.service = { name: this.options.serviceName, environment: this.options.environment };
    this.metrics = createMetricSet(this.names, this.options, {
      onLabelOverflow: (labelName) => this.rejectLabel(labelName),
      onSeriesOverflow: (metricName) => this.rejectSeries(metricName),
      onInvalidValue: (metricName, value) => this.rejectValue(metricName, value, 'a finite amount'),
    });
    if (registerMetrics(this.registry, exportedMetrics(this.metrics))) {
      const warning = replacedInstanceWarning(this.registry);
      if (warning !== undefined) this.warnings.warn(warning);
    }
    this.prices = new PriceResolver({
      pricing: this.options.pricing,
      fallbackPer1K: this.options.fallbackPricePer1K,
      maxEntries: this.options.maxLabelValues,
      onFallbackTokens: (model, tokens) =>
        this.metrics.fallbackPricedTokens.get1(model).add(tokens),
      onFallbackModel: (model) => this.warnFallbackPrice(model),
    });
    if (
      this.options.processMetrics &&
      !this.registry.getSingleMetric('process_cpu_user_seconds_total')
    ) {
      collectDefaultMetrics({ register: this.registry });
    }
  }

  /** Content type `render()` uses when given none: the registry's own (text 0.0.4 unless set otherwise). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The formats `render()` and the metrics endpoint can answer in. */
  readonly contentTypes: readonly RegistryContentType[] = EXPOSITION_FORMATS;

  /**
   * The exposition text in `contentType` (text 0.0.4 or OpenMetrics): this instance's registry,
   * then, unless `includeDefaultRegistry` is off, what the app registered in prom-client's default
   * registry (skipping names this registry has), whatever content type either registry was made with.
   */
  async render(contentType: RegistryContentType = this.registry.contentType): Promise<string> {
    const registries =
      this.options.includeDefaultRegistry && this.registry !== globalRegistry
        ? [this.registry, globalRegistry]
        : [this.registry];
    return renderRegistries(registries, contentType);
  }

  /** A plain Node `(req, res)` handler serving the metrics, with the configured protection. */
  metricsHandler(): MetricsRequestHandler {
    const { unauthorizedScrapes } = this.metrics;
    this.handler ??= createMetricsHandler(this, this.options.metricsAuth, (reason) => {
      unauthorizedScrapes.get1(reason).value++;
    });
    return this.handler;
  }

  /**
   * @internal The `route` label of a request the framework matched to `template`: the template,
   * or what the `normalizeRoute` option makes of it. A bad result is dropped for the template.
   */
  routeLabel(req: IncomingMessage, template: string): string {
    const normalize = this.options.normalizeRoute;
    if (normalize === undefined) return template;
    let label: unknown;
    try {
      label = normalize(req, template);
    } catch (failure) {
      this.rejectValue('normalizeRoute', failure, 'a function that returns, not throws');
      return template;
    }
    if (typeof label === 'string' && label !== '') return label;
    this.rejectValue('normalizeRoute', label, 'a non-empty string (the route label)');
    return template;
  }

  /**
   * Starts measuring a request: one in flight, and a fresh context that keeps the active span's ids
   * for the request's exemplars (or, with `requestIdExemplars`, the request its id is read from).
   * Adapters call it where the request's span is active.
   */
  startRequest(request?: { readonly id?: unknown }): RequestContext {
    this.metrics.activeRequests.get0().value++;
    const rag = new RequestContext(this, performance.now());
    if (this.readSpan !== undefined) rag.exemplar = this.readSpan();
    if (rag.exemplar === undefined && this.options.requestIdExemplars) rag.requestIdFrom = request;
    return rag;
  }

  /** Records a request exactly once; adapters guarantee a single call per `startRequest()`. */
  finishRequest(rag: RequestContext, outcome: RequestOutcome): void {
    this.recordRequest(rag, outcome.method, outcome.route, outcome.statusCode, outcome.aborted);
  }

  /**
   * @internal `finishRequest` without the outcome object, which the adapters would otherwise build
   * on every request.
   */
  recordRequest(
    rag: RequestContext,
    method: string,
    route: string,
    statusCode: number,
    aborted: boolean,
    request?: IncomingMessage,
    response?: ServerResponse,
  ): void {
    const { metrics } = this;
    const seconds = (performance.now() - rag.startedAt) / 1000;
    const status = aborted ? ABORTED_STATUS : statusLabel(statusCode);
    metrics.activeRequests.get0().value--;
    metrics.requestDuration.get3(method, route, status).observe(seconds, rag.exemplarLabels);
    let errorType: string | undefined;
    if (aborted) errorType = 'client_aborted';
    else if (statusCode >= 500) errorType = rag.recordedErrorType ?? `http_${status}`;
    if (errorType !== undefined) metrics.errors.get2(route, errorType).value++;
    rag.finish(route);
    // The record is built only when someone listens: most apps pay one property read.
    if (!requestRecorded.hasSubscribers) return;
    publishRequestRecord(
      {
        method,
        route,
        statusCode,
        aborted,
        startedAt: rag.startedAt,
        durationSeconds: seconds,
        errorType,
        rag,
        recordedAnything: rag.recordedAnything,
        service: this.service,
        request,
        response,
      },
      this.reportListenerFailure,
    );
  }

  /**
   * Measures work outside HTTP (queue consumers, cron jobs) like a request: `route` is `operation`,
   * `method` is `JOB`, status 200 or 500. Returns `fn`'s result and rethrows its error.
   */
  async monitor<T>(operation: string, fn: (rag: RagContext) => T | Promise<T>): Promise<T> {
    if (typeof operation !== 'string' || operation === '') {
      throw new TypeError(
        `rag-metrics: monitor() needs an operation name; got ${quote(operation)}.`,
      );
    }
    if (typeof fn !== 'function') {
      throw new TypeError(
        `rag-metrics: monitor("${operation}", fn) needs a function; got ${quote(fn)}.`,
      );
    }
    const rag = this.startRequest();
    let statusCode = 200;
    try {
      return await fn(rag);
    } catch (err) {
      statusCode = 500;
      if (rag.recordedErrorType === undefined) rag.recordError(err);
      throw err;
    } finally {
      this.finishRequest(rag, {
        method: MONITOR_METHOD,
        route: operation,
        statusCode,
        aborted: false,
      });
    }
  }

  /**
   * Counts a user's rating of an answer (`rag_feedback_total{route,model,rating}`). Feedback usually
   * arrives in a later request than the answer, so it is not tied to a request: pass the route and
   * model of the answer if the client sent them back (both default to `unknown`).
   */
  recordFeedback(feedback: Feedback): void {
    if (typeof feedback !== 'object' || feedback === null) {
      return this.rejectValue(
        'recordFeedback',
        feedback,
        'an object { rating: "positive" | "negative", route?, model? }',
      );
    }
    const { rating } = feedback;
    const route = feedback.route === undefined ? UNKNOWN_LABEL : feedback.route;
    const model = feedback.model === undefined ? UNKNOWN_LABEL : feedback.model;
    if (!FEEDBACK_RATINGS.includes(rating)) {
      return this.rejectValue('recordFeedback.rating', rating, '"positive" or "negative"');
    }
    if (!isNonEmptyString(route)) {
      return this.rejectValue('recordFeedback.route', route, 'a non-empty route template');
    }
    if (!isNonEmptyString(model)) {
      return this.rejectValue('recordFeedback.model', model, 'a non-empty model name');
    }
    this.metrics.feedback.get3(route, model, rating).value++;
  }

  /** Sets remaining provider quota (`rag_rate_limit_remaining{provider,limit}`). */
  recordRateLimit(reading: RateLimitReading): void {
    if (typeof reading !== 'object' || reading === null) {
      return this.rejectValue(
        'recordRateLimit',
        reading,
        'an object { provider, remaining, limit? }',
      );
    }
    const { provider, remaining } = reading;
    const limit = reading.limit ?? 'requests';
    if (typeof provider !== 'string' || provider === '') {
      return this.rejectValue('recordRateLimit.provider', provider, 'a non-empty provider name');
    }
    if (limit !== 'requests' && limit !== 'tokens') {
      return this.rejectValue('recordRateLimit.limit', limit, '"requests" or "tokens"');
    }
    if (!isNonNegativeNumber(remaining)) {
      return this.rejectValue('recordRateLimit.remaining', remaining, 'a finite number ≥ 0');
    }
    this.metrics.rateLimitRemaining.get2(provider, limit).value = remaining;
  }

  /** Counts a rate-limit response (429) from `provider`. */
  recordRateLimitHit(provider: string): void {
    if (typeof provider !== 'string' || provider === '') {
      return this.rejectValue('recordRateLimitHit', provider, 'a non-empty provider name');
    }
    this.metrics.rateLimitHits.get1(provider).value++;
  }

  /**
   * Serves the metrics on a port of their own (default `METRICS_PORT`, then 9464), for services
   * whose public port should not expose them. Resolves once listening; `close()` stops it.
   */
  async startMetricsServer(options: { port?: number; host?: string } = {}): Promise<Server> {
    const server = await listenForMetrics({
      caller: 'startMetricsServer',
      port: options.port ?? this.options.metricsPort,
      host: options.host,
      path: this.metricsPath === false ? '/metrics' : this.metricsPath,
      handler: this.metricsHandler(),
    });
    this.servers.add(server);
    server.once('close', () => this.servers.delete(server));
    return server;
  }

  /**
   * Stops the metrics servers this instance started. Metrics stay readable. Nothing else the
   * instance starts holds the event loop: prom-client's default metrics sample the event-loop delay
   * with an unref'd timer (and offer no way to stop it), so once the app's own server is closed the
   * process exits by itself (test/reliability/close.test.ts).
   */
  async close(): Promise<void> {
    await Promise.all(
      [...this.servers].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections?.();
          }),
      ),
    );
  }

  /**
   * @internal The adapters call it when they mount the endpoint on an app (a bare instance serves
   * nothing until then): warns once if a production app serves it unprotected.
   */
  warnIfEndpointPublic(): void {
    const warning = publicEndpointWarning(this.options);
    if (warning !== undefined) this.warnings.warn(warning);
  }

  /**
   * @internal Drops a recorded value: counts it and warns once per kind. Bound once per instance,
   * so that every request's context can pass it on without making a closure of its own.
   */
  readonly rejectValue = (kind: string, value: unknown, allowed: string): void => {
    this.metrics.rejectedInvalidValue.value++;
    this.warnings.warn({
      reason: 'invalid_value',
      kind,
      message: `rag-metrics: dropped ${kind} value ${quote(value)}; expected ${allowed}. Further ${kind} values like it are dropped silently and counted in ${this.names.rejected}{reason="invalid_value"}.`,
    });
  };

  private warnFallbackPrice(model: string): void {
    const { input, output } = this.options.fallbackPricePer1K;
    this.warnings.warn({
      reason: 'fallback_price',
      kind: model,
      message: `rag-metrics: model ${quote(model)} is not in the price catalogue (@pydantic/genai-prices) nor in \`pricing\`, so it is priced at the fallback rate ($${input} input, $${output} output per 1K tokens) and its tokens are counted in ${this.names.fallbackPricedTokens}; add it to \`pricing\` if that rate is wrong.`,
    });
  }

  /**
   * A throw in code that runs when a response is done (a request-recorded listener, the request
   * logger) must not reach `uncaughtException`: it is counted and warned once instead.
   */
  readonly reportListenerFailure = (failure: unknown): void => {
    this.metrics.rejected.get1('listener_error').value++;
    this.warnings.warn({
      reason: 'listener_error',
      kind: 'request-recorded',
      message: `rag-metrics: code run when a request was recorded threw ${errorTypeOf(failure)}: ${messageOf(failure)}. The request and the metrics are unaffected; further failures are counted in ${this.names.rejected}{reason="listener_error"}.`,
    });
  };

  private rejectSeries(metricName: string): void {
    this.metrics.rejectedSeriesOverflow.value++;
    this.warnings.warn({
      reason: 'series_overflow',
      kind: `metric:${metricName}`,
      message: `rag-metrics: ${metricName} reached ${this.options.maxSeriesPerMetric} series; further label sets are recorded in its series whose labels are all "__other__", and counted in ${this.names.rejected}{reason="series_overflow"}. Raise maxSeriesPerMetric if these label sets are bounded.`,
    });
  }

  private rejectLabel(labelName: string): void {
    this.metrics.rejectedLabelOverflow.value++;
    this.warnings.warn({
      reason: 'label_overflow',
      kind: `label:${labelName}`,
      message: `rag-metrics: label "${labelName}" reached ${this.options.maxLabelValues} distinct values; further values are recorded as "__other__" and counted in ${this.names.rejected}{reason="label_overflow"}. Raise maxLabelValues if these values are bounded.`,
    });
  }
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/** Creates the instance that owns the metrics. Options are checked here, once. */
export function createRagMetrics(options?: RagMetricsOptions): RagMetrics {
  return new RagMetrics(options);
}

export { errorTypeOf };

/** The address a metrics server listens on, for logs. */
export function serverUrl(server: Server, path = '/metrics'): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}${path}`;
}
