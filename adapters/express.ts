import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RagMetricsOptions } from '../lib/options';
import { isPath } from '../lib/paths';
import type { RequestContext } from '../lib/rag-context';
import { RagMetrics } from '../lib/rag-metrics';
import { ragOfResponse } from '../lib/rag-of';
import {
  attachContext,
  contextOf,
  type ResponseDoneHandler,
  recordWhenDone,
} from '../lib/response-lifecycle';
import type { PlainRagRecord, RagContext } from '../lib/types';
import { type ExpressRouteRequest, expressRouteOf, watchRouteDispatch } from './express-route';

/** The parts of Express's request this adapter reads; Express 4 and 5 both have them. */
interface ExpressRequest extends ExpressRouteRequest {
  url: string;
}

/** The parts of Express's response this adapter reads and writes. */
interface ExpressResponse extends ServerResponse {
  locals: Record<string, unknown>;
}

type Next = (err?: unknown) => void;

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
  const metrics =
    optionsOrInstance instanceof RagMetrics ? optionsOrInstance : new RagMetrics(optionsOrInstance);
  const { metricsPath, skip } = metrics;
  const serveMetrics = metrics.metricsHandler();
  metrics.warnIfEndpointPublic();

  const recordExpressRequest: ResponseDoneHandler = (res, rag, aborted) => {
    // Express sets `res.req`; the request is reached from there rather than kept per request.
    const req = res.req as ExpressRequest;
    rag.applyPlainRecord((res as ExpressResponse).locals.rag);
    const method = req.method ?? 'GET';
    metrics.recordRequest(rag, method, expressRouteOf(req, rag), res.statusCode, aborted, req, res);
  };

  function ragMetricsMiddleware(
    request: IncomingMessage,
    response: ServerResponse,
    next: Next,
  ): void {
    const req = request as ExpressRequest;
    const res = response as ExpressResponse;
    if (metricsPath !== false && isPath(req.url, metricsPath)) {
      serveMetrics(req, res);
      return;
    }
    if (skip?.(req)) {
      next();
      return;
    }
    watchRouteDispatch(req);
    const rag = metrics.startRequest(req);
    res.locals.rag = rag;
    attachContext(res, rag);
    recordWhenDone(res, rag, recordExpressRequest);
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
    recordErrorOn(res, err);
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
  return ragOfResponse(res, 'ragOf(res)');
}

function recordErrorOn(res: ServerResponse, err: unknown): void {
  const rag: RequestContext | undefined = contextOf(res);
  rag?.recordError(err);
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
