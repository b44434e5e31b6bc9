import type { ResolvedOptions } from './resolve-options';
import type { RagMetricsWarning } from './types';

/**
 * The warning for a production app whose mounted metrics endpoint anyone can read. Unprotected is
 * the default, as with every peer (it is what development expects), but in production the page
 * shows spend per model, provider quota, every route and the version, on the app's own public
 * port, answered before any auth middleware mounted later (issue 19).
 */
export function publicEndpointWarning(options: ResolvedOptions): RagMetricsWarning | undefined {
  const { metricsPath, metricsAuth, nodeEnv } = options;
  if (nodeEnv !== 'production' || metricsPath === false || metricsAuth !== undefined) {
    return undefined;
  }
  return {
    reason: 'public_endpoint',
    kind: 'metricsPath',
    message: `rag-metrics: NODE_ENV is "production" and ${metricsPath} is served to anyone who can reach the app: it shows spend per model, provider quota, every route and the version. Protect it with metricsAuth: { bearerToken: process.env.METRICS_TOKEN } (and the same token in Prometheus's scrape config), or set metricsPath: false and serve it on a port of its own with metrics.startMetricsServer({ port: 9464 }).`,
  };
}
