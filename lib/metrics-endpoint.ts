import type { IncomingMessage, ServerResponse } from 'node:http';
import { type MetricsAuthOption, scrapeCheck, type UnauthorizedReason } from './metrics-auth';

export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Renders the exposition text and its content type. */
export interface MetricsSource {
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * A plain Node handler serving metrics: GET and HEAD only, optional bearer-token or custom
 * authorisation, and a 500 with a one-line reason (never a crash) if rendering fails.
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
    source.render().then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', source.contentType);
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
