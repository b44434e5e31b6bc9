import type { Server } from 'node:http';
import { AggregatorRegistry, register as globalRegistry, Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';
import { type MetricsAuthOption, resolveMetricsAuth } from './metrics-auth';
import { createMetricsHandler, type MetricsRequestHandler } from './metrics-endpoint';
import { listenForMetrics } from './metrics-server';
import type { RagMetrics } from './rag-metrics';
import { portFromEnv } from './resolve-options';
import { bridgeOf } from './series/registry-bridge';
import { unauthorizedScrapesFamily } from './unauthorized-scrapes';

/** Options of the primary's metrics endpoint under `node:cluster`. */
export interface ClusterMetricsOptions {
  /**
   * Same as `metricsAuth` of `createRagMetrics()`, checked the same way: a bearer token of at least
   * 16 characters, or a check of the request.
   */
  readonly metricsAuth?: MetricsAuthOption;
}

/** Options of `startClusterMetricsServer()`. */
export interface ClusterMetricsServerOptions extends ClusterMetricsOptions {
  /** @default process.env.METRICS_PORT, then 9464 */
  readonly port?: number;
  readonly host?: string;
  /** @default '/metrics' */
  readonly path?: string;
}

/**
 * What a worker answers the primary with: the instance's registry, plus what the app registered in
 * prom-client's default registry (skipping names the instance has), exactly as `render()` serves it.
 * A `Registry` subclass because prom-client's `setRegistries()` accepts nothing else.
 */
class WorkerRegistryView extends Registry {
  // Not `metrics`: that is Registry's own method.
  constructor(private readonly instance: RagMetrics) {
    super();
  }

  override async getMetricsAsJSON() {
    const { registry } = this.instance;
    // The primary answers the scrapes in a cluster, so it counts the refused ones itself.
    const own = (await registry.getMetricsAsJSON()).filter(
      (metric) => metric.name !== this.instance.names.unauthorizedScrapes,
    );
    // Sent to the primary as JSON: the rendering hint would only double the histograms' size there.
    for (const metric of own) {
      for (const value of metric.values as { sharedLabels?: unknown }[])
        value.sharedLabels = undefined;
    }
    if (!this.instance.options.includeDefaultRegistry || registry === globalRegistry) return own;
    const extra = (await globalRegistry.getMetricsAsJSON()).filter(
      (metric) => registry.getSingleMetric(metric.name) === undefined,
    );
    return [...own, ...extra];
  }
}

/**
 * Call once in every cluster worker (or PM2 instance in cluster mode): the worker then answers the
 * primary's requests for metrics with this instance's metrics.
 *
 * prom-client answers with its global registry by default, which holds none of ours: its public
 * `AggregatorRegistry.setRegistries()` replaces that.
 */
export function reportToClusterPrimary(metrics: RagMetrics): void {
  AggregatorRegistry.setRegistries([new WorkerRegistryView(metrics)]);
  // prom-client offers no other way to start answering the primary: its constructor adds the
  // worker-side message listener (once per process), and its own example/cluster.js constructs an
  // AggregatorRegistry in every worker for exactly that. test/reliability/cluster.test.ts runs it
  // against prom-client 15.0.0 and the newest 15.x.
  new AggregatorRegistry();
}

/**
 * A plain Node `(req, res)` handler for the cluster primary: asks every worker for its metrics and
 * serves them aggregated. Counters and histograms are summed, `rag_service_info` is taken once,
 * `rag_rate_limit_remaining` is the lowest any worker saw, `rag_active_requests` the sum.
 * Scrapes it refuses are counted in the primary's own `rag_metrics_unauthorized_total`.
 */
export function clusterMetricsHandler(options: ClusterMetricsOptions = {}): MetricsRequestHandler {
  return primaryHandler('clusterMetricsHandler', options);
}

function primaryHandler(caller: string, options: ClusterMetricsOptions): MetricsRequestHandler {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`rag-metrics: ${caller} options must be an object.`);
  }
  const auth = resolveMetricsAuth(`${caller} option`, options.metricsAuth);
  const aggregator = new AggregatorRegistry();
  const own = new Registry();
  const unauthorized = unauthorizedScrapesFamily(METRIC_NAMES.unauthorizedScrapes);
  own.registerMetric(bridgeOf(unauthorized));
  return createMetricsHandler(
    {
      // prom-client aggregates into its own registry and renders it in that registry's format only.
      render: async () => `${await aggregator.clusterMetrics()}\n${await own.metrics()}`,
      contentTypes: [aggregator.contentType],
    },
    auth,
    (reason) => {
      unauthorized.get1(reason).value++;
    },
  );
}

/**
 * Serves the cluster's aggregated metrics from the primary on a port of its own. Resolves once
 * listening; close the returned server to stop it.
 */
export async function startClusterMetricsServer(
  options: ClusterMetricsServerOptions = {},
): Promise<Server> {
  const handler = primaryHandler('startClusterMetricsServer', options);
  return listenForMetrics({
    caller: 'startClusterMetricsServer',
    port: options.port ?? portFromEnv(process.env),
    host: options.host,
    path: options.path ?? '/metrics',
    handler,
  });
}
