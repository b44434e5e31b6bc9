import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegistryContentType } from 'prom-client';
import { negotiateFormat } from './exposition';
import { type MetricsAuthOption, scrapeCheck, type UnauthorizedReason } from './metrics-auth';

export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Renders the exposition text in one of the formats it offers. */
export interface MetricsSource {
  render(contentType: RegistryContentType): Promise<string>;
  /** The formats `render` can produce, the one to use when the scraper states no preference first. */
  readonly contentTypes: readonly RegistryContentType[];
}

/**
 * A plain Node handler serving metrics: GET and HEAD only, optional bearer-token or custom
 * authorisation, the format the scraper's `Accept` header prefers (OpenMetrics or text 0.0.4), and a
 * 500 with a one-line reason (never a crash) if rendering fails.
 */
export function createMetricsHandler(
  source: MetricsSource,
  auth: MetricsAuthOption | undefined,
  /** Counts each refused scrape, so that an alert can see someone probing the endpoint. */
  onUnauthorized: (reason: UnauthorizedReason) => void,
): MetricsRequestHandler {
  const check = scrapeCheck(auth);
  return function serveMetrics(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('Allow', 'GET, HEAD');
      res.end();
      return;
    }
    const refused = check?.(req);
    if (refused !== undefined) {
      onUnauthorized(refused);
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.end();
      return;
    }
    const contentType = negotiateFormat(req.headers.accept, source.contentTypes);
    source.render(contentType).then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', contentType);
        res.setHeader('Vary', 'Accept');
        res.setHeader('Cache-Control', 'no-store');
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(
          `rag-metrics: could not render metrics: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      },
    );
  };
}
