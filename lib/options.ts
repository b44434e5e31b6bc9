import type { IncomingMessage } from 'node:http';
import type { Registry } from 'prom-client';
import type { MetricsAuthorizer, ModelPrice, RagMetricsWarning } from './types';

/** Histogram bucket boundaries, each list strictly increasing. */
export interface BucketOptions {
  /** `rag_request_duration_seconds`. @default [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60] */
  readonly requestDuration?: readonly number[];
  /** `rag_stage_duration_seconds`. @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] */
  readonly stageDuration?: readonly number[];
  /** `rag_time_to_first_token_seconds`. @default [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] */
  readonly timeToFirstToken?: readonly number[];
  /** `rag_request_tokens`. @default [10, 50, 100, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000] */
  readonly tokens?: readonly number[];
  /** `rag_request_cost_usd`. @default [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] */
  readonly cost?: readonly number[];
}

/** Options of `createRagMetrics()` and `ragMetrics()`. Checked once, when the instance is created. */
export interface RagMetricsOptions {
  /**
   * Prefix of every metric name. Must match `[a-zA-Z_:][a-zA-Z0-9_:]*`.
   * @default 'rag_'
   */
  readonly prefix?: string;
  /**
   * The prom-client registry the package's metrics go into. A fresh one per instance by default,
   * so that creating the middleware twice never collides.
   */
  readonly registry?: Registry;
  /**
   * Also serve the metrics of prom-client's default registry (what the app registered itself) on
   * the mounted endpoint.
   * @default true
   */
  readonly includeDefaultRegistry?: boolean;
  /**
   * Collect prom-client's process and Node.js metrics (`process_*`, `nodejs_*`).
   * @default true
   */
  readonly processMetrics?: boolean;
  /**
   * Path the middleware serves metrics on, or `false` to serve none (use `metricsHandler()` or
   * `startMetricsServer()` instead).
   * @default '/metrics'
   */
  readonly metricsPath?: string | false;
  /**
   * Protect the metrics endpoint: a bearer token compared in constant time, or a check of the request.
   * Requests that fail get 401.
   * @example { bearerToken: process.env.METRICS_TOKEN }
   */
  readonly metricsAuth?: { readonly bearerToken: string } | MetricsAuthorizer;
  /**
   * Requests not to measure, such as health checks and readiness probes, which would otherwise
   * count as traffic and dilute the error ratio: a list of paths (each matched exactly, query string
   * ignored) or a function of the request. Skipped requests are in no metric and get no `rag`.
   * @example ['/healthz', '/readyz']
   */
  readonly skip?: readonly string[] | ((req: IncomingMessage) => boolean);
  /** `service` label of `rag_service_info`. @default process.env.SERVICE_NAME ?? 'rag-service' */
  readonly serviceName?: string;
  /** `environment` label of `rag_service_info`. @default process.env.ENV ?? process.env.NODE_ENV ?? 'development' */
  readonly environment?: string;
  /** `version` label of `rag_service_info`. @default process.env.SERVICE_VERSION ?? process.env.npm_package_version ?? 'unknown' */
  readonly version?: string;
  /**
   * Adds models to the price catalogue (@pydantic/genai-prices) or overrides it, USD per 1M tokens;
   * an entry also prices its dated snapshots (`house-model-2025-06-01`). Wins over the catalogue.
   */
  readonly pricing?: Readonly<Record<string, ModelPrice>>;
  /**
   * Price of a model neither `pricing` nor the catalogue knows, USD per 1K tokens (cached input is
   * priced as input); such tokens are counted in `rag_fallback_priced_tokens_total`.
   * @default { input: COST_PER_1K_INPUT_TOKENS ?? 0.003, output: COST_PER_1K_OUTPUT_TOKENS ?? 0.015 }
   */
  readonly fallbackPricePer1K?: { readonly input: number; readonly output: number };
  /**
   * Most distinct values one label may take; further values become `__other__`. The decision is
   * shared by every metric carrying the label, so a route is `__other__` in all of them or in none.
   * @default 100
   */
  readonly maxLabelValues?: number;
  /**
   * Most series one metric family may hold. Per-label caps multiply (3 labels of 100 values are a
   * million label sets); past this cap, new label sets share one series whose labels are all
   * `__other__`, counted in `rag_metrics_rejected_total{reason="series_overflow"}`.
   * @default 5000
   */
  readonly maxSeriesPerMetric?: number;
  /** Longest label value kept; longer values are cut to this many characters. @default 120 */
  readonly maxLabelLength?: number;
  /**
   * Without an active OpenTelemetry span, give exemplars the request's id instead: `request_id`,
   * the id `ragLogger()` puts on the request's log lines (`req.id`), so that a bucket leads to a log
   * line. Off by default: it changes the OpenMetrics output of apps that do not trace, and stores an
   * exemplar per bucket that leads nowhere unless the logs are kept and searchable by id.
   * @default false
   */
  readonly requestIdExemplars?: boolean;
  /** Histogram buckets. */
  readonly buckets?: BucketOptions;
  /**
   * Called once per kind of dropped value or overflowing label.
   * @default a single `process.emitWarning` per kind
   */
  readonly onWarning?: (warning: RagMetricsWarning) => void;
  /** Where environment variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
