import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RagMetricsOptions } from '../lib/options';
import { isPath } from '../lib/paths';
import { applyPlainRecord } from '../lib/plain-record';
import { isRagMetrics, RagMetrics } from '../lib/rag-metrics';
import { ragOfResponse } from '../lib/rag-of';
import {
  attachTracked,
  contextOf,
  type ResponseDoneHandler,
  trackedOf,
} from '../lib/response-lifecycle';
import { skipReadsOnlyUrl } from '../lib/skip';
import type { PlainRagRecord, RagContext } from '../lib/types';
import { runBeforeRouter } from './express-first-layer';
import {
  type ExpressRouteRequest,
  ExpressTrackedRequest,
  expressRouteOf,
  watchRouteDispatch,
} from './express-route';

/** The parts of Express's request this adapter reads; Express 4 and 5 both have them. */
interface ExpressRequest extends ExpressRouteRequest {
  url: string;
}

/** The parts of Express's response this adapter reads and writes. */
interface ExpressResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

type Next = (err?: unknown) => void;

/**
 * `target[key]`, for Express's responses. Express adds a property to every response after swapping
 * its prototype (`res.locals`), and Node adds more (`statusCode`), so no two responses share a
 * hidden class and a plain read misses V8's inline cache on every request, paying a runtime lookup.
 * `Reflect.get` looks the property up without an inline cache: about 1k instructions less per read
 * (BENCHMARKS.md, issue 14, sixth session).
 */
function readProperty<T>(target: object, key: string): T {
  return Reflect.get(target, key) as T;
}

declare global {
  namespace Express {
    interface Locals {
      /** This request's recorder, set by `ragMetrics()`. */
      get rag(): RagContext;
      /** A plain object assigned instead is read when the response finishes. */
      set rag(value: RagContext | PlainRagRecord);
    }
  }
}

/** The middleware `ragMetrics()` returns; `.metrics` is the instance it records into. */
export interface RagMetricsMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: Next): void;
  readonly metrics: RagMetrics;
}

/**
 * Measures every request (latency, traffic, errors, in-flight) and serves `GET /metrics`.
 * Handlers record RAG facts on `res.locals.rag`. Pass options, or an instance from
 * `createRagMetrics()` to share one set of metrics between apps.
 */
export function ragMetrics(
  optionsOrInstance?: RagMetricsOptions | RagMetrics,
): RagMetricsMiddleware {
  const metrics = isRagMetrics(optionsOrInstance)
    ? optionsOrInstance
    : new RagMetrics(optionsOrInstance);
  const { metricsPath, skip } = metrics;
  const serveMetrics = metrics.metricsHandler();
  metrics.warnIfEndpointPublic();
  const reject = metrics.rejectValue;

  const recordExpressRequest: ResponseDoneHandler<ExpressTrackedRequest> = (
    res,
    tracked,
    aborted,
  ) => {
    // Express sets `res.req`; the request is reached from there, not kept on the tracked request,
    // which must not lead back to the response (`trackedResponses` in response-lifecycle.ts).
    const req = readProperty<ExpressRequest>(res, 'req');
    const { rag } = tracked;
    applyPlainRecord(rag, readProperty<ExpressResponse['locals']>(res, 'locals').rag, reject);
    const route = metrics.routeLabel(req, expressRouteOf(req, tracked));
    const status = readProperty<number>(res, 'statusCode');
    metrics.recordRequest(rag, req.method ?? 'GET', route, status, aborted, req, res);
  };

  /**
   * Starts measuring a request; false when it asked for the metrics, which are served here.
   * `routeWatched`: the request's prototype is known to be watched (`watchRouteDispatch`) already.
   */
  function beginRequest(
    request: IncomingMessage,
    response: ServerResponse,
    routeWatched = false,
  ): boolean {
    const req = request as ExpressRequest;
    const res = response as ExpressResponse;
    if (metricsPath !== false && isPath(req.url, metricsPath)) {
      serveMetrics(req, res);
      return false;
    }
    if (skip?.(req)) return true;
    // Mounted again on a router: the request is measured already (issue 14, defect 3).
    const previous = trackedOf(res);
    if (previous?.owner === metrics) return true;
    if (!routeWatched) watchRouteDispatch(req);
    const rag = metrics.startRequest(req);
    readProperty<ExpressResponse['locals']>(res, 'locals').rag = rag;
    const tracked = new ExpressTrackedRequest(
      metrics,
      rag,
      recordExpressRequest as ResponseDoneHandler,
      metrics.reportListenerFailure,
    );
    attachTracked(res, tracked, previous);
    return true;
  }

  // A `skip` function may read what Express's router sets (`req.originalUrl`): only a list of
  // paths, which reads the URL, lets the middleware run in front of the router.
  const runsBeforeRouter = skipReadsOnlyUrl(metrics.options.skip);
  const appsSeen = new WeakSet<object>();
  const beginWatchedRequest = (req: IncomingMessage, res: ServerResponse) =>
    beginRequest(req, res, true);

  function ragMetricsMiddleware(request: IncomingMessage, response: ServerResponse, next: Next) {
    if (!beginRequest(request, response)) return;
    const { app } = request as ExpressRequest;
    if (runsBeforeRouter && typeof app === 'function' && !appsSeen.has(app)) {
      appsSeen.add(app);
      // This request's prototype, the app's, was watched just now: the app's later requests have it.
      runBeforeRouter(app, ragMetricsMiddleware, beginWatchedRequest);
    }
    next();
  }

  return Object.assign(ragMetricsMiddleware, { metrics });
}

/**
 * Error middleware that labels 5xx errors with the error's class name (`rag_errors_total{error_type}`),
 * then passes the error on unchanged. Mount it after your routes.
 */
export function ragErrorHandler() {
  return function ragErrorHandlerMiddleware(
    err: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    next: Next,
  ) {
    contextOf(res)?.recordError(err);
    // Where pino-http, and so ragLogger(), reads the error behind a failed response.
    (res as { err?: unknown }).err = err;
    next(err);
  };
}

/**
 * This request's `RagContext`; throws "ragMetrics() is not mounted before this route" when it has
 * none, instead of the bare TypeError `res.locals.rag.time` gives then.
 */
export function ragOf(res: ServerResponse): RagContext {
  const locals = readProperty<ExpressResponse['locals'] | undefined>(res, 'locals');
  return ragOfResponse(res, 'ragOf(res)', locals?.rag);
}

export type { FeedbackHandlerOptions } from '../lib/feedback-handler';
export { createRagMetrics, RagMetrics } from '../lib/rag-metrics';
export {
  onRequestRecorded,
  REQUEST_RECORDED_CHANNEL,
  type RequestRecord,
} from '../lib/request-record';
export type { RagContext } from '../lib/types';
export { ragFeedbackHandler } from './express-feedback';
export {
  logQuery,
  type RagLoggerMiddleware,
  type RagLoggerOptions,
  ragLogger,
} from './express-logger';
