import { createServer, type Server } from 'node:http';
import type { MetricsRequestHandler } from './metrics-endpoint';
import { quote } from './validation';

export interface MetricsServerSettings {
  /** Name of the calling function, for the error message. */
  readonly caller: string;
  readonly port: number;
  readonly host: string | undefined;
  readonly path: string;
  readonly handler: MetricsRequestHandler;
}

/**
 * Serves `handler` on `path` of a server of its own (404 elsewhere); resolves once listening.
 * Shared by a single instance's and the cluster primary's metrics servers.
 */
export function listenForMetrics(settings: MetricsServerSettings): Promise<Server> {
  const { caller, port, host, path, handler } = settings;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return Promise.reject(
      new RangeError(
        `rag-metrics: ${caller} option "port" is ${quote(port)}; it must be an integer from 0 to 65535.`,
      ),
    );
  }
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] === path) return handler(req, res);
    res.statusCode = 404;
    res.end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
