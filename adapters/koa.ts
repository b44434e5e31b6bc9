import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import type { RagMetricsOptions } from '../lib/options';
import { isPath } from '../lib/paths';
import { applyPlainRecord } from '../lib/plain-record';
import type { RequestContext } from '../lib/rag-context';
import { isRagMetrics, RagMetrics } from '../lib/rag-metrics';
import { ragOfResponse } from '../lib/rag-of';
import {
  attachTracked,
  BaseTrackedRequest,
  type ResponseDoneHandler,
  trackedOf,
} from '../lib/response-lifecycle';
import type { RagContext } from '../lib/types';
import { koaRouteOf } from './koa-route';

/** The parts of Koa's context this adapter reads and writes; Koa 2 and 3 both have them. */
interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: string;
  respond?: boolean;
  state: Record<string, unknown>;
  rag?: RagContext;
  /** Set by @koa/router and koa-router to the matched layer's path, prefix included. */
  _matchedRoute?: string | RegExp;
}

type Next = () => Promise<unknown>;

declare module 'koa' {
  interface DefaultContext {
    /** This request's recorder, set by `ragMetrics()` from `rag-metrics/koa`. */
    rag: RagContext;
  }
}

/** What the Koa adapter keeps per measured request: Koa's context, which the route is read from. */
class KoaTrackedRequest extends BaseTrackedRequest {
  constructor(
    owner: object,
    rag: RequestContext,
    whenDone: ResponseDoneHandler,
    onFailure: (failure: unknown) => void,
    readonly ctx: KoaContext,
  ) {
    super(owner, rag, whenDone, onFailure);
  }
}

/** The middleware `ragMetrics()` returns; `.metrics` is the instance it records into. */
export type RagMetricsKoaMiddleware = Middleware & { readonly metrics: RagMetrics };

/**
 * Measures every request (latency, traffic, errors, in-flight) and serves `GET /metrics`.
 * Handlers record RAG facts on `ctx.rag` (or put the plain-object form on `ctx.state.rag`).
 * Errors thrown downstream are recorded, then rethrown unchanged.
 */
export function ragMetrics(
  optionsOrInstance?: RagMetricsOptions | RagMetrics,
): RagMetricsKoaMiddleware {
  const metrics = isRagMetrics(optionsOrInstance)
    ? optionsOrInstance
    : new RagMetrics(optionsOrInstance);
  const { metricsPath, skip } = metrics;
  const serveMetrics = metrics.metricsHandler();
  metrics.warnIfEndpointPublic();
  const reject = metrics.rejectValue;

  const recordKoaRequest: ResponseDoneHandler<KoaTrackedRequest> = (res, tracked, aborted) => {
    const { ctx, rag } = tracked;
    applyPlainRecord(rag, ctx.state.rag, reject);
    // The status the client received: an upstream error handler, or Koa's own, has answered any
    // thrown error by now, as Koa computes it (ENOENT is a 404 on Koa 2) (issue 14, defect 2).
    const route = metrics.routeLabel(ctx.req, koaRouteOf(ctx));
    metrics.recordRequest(rag, ctx.method, route, res.statusCode, aborted, ctx.req, res);
  };

  async function ragMetricsMiddleware(ctx: KoaContext, next: Next): Promise<void> {
    if (metricsPath !== false && isPath(ctx.url, metricsPath)) {
      // Answered here, on the raw response: Koa must neither call further middleware nor respond.
      ctx.respond = false;
      serveMetrics(ctx.req, ctx.res);
      return;
    }
    if (skip?.(ctx.req)) {
      await next();
      return;
    }
    // Mounted again on a router: the request is measured already (issue 14, defect 3).
    const previous = trackedOf(ctx.res);
    if (previous?.owner === metrics) {
      await next();
      return;
    }
    const rag = metrics.startRequest(ctx.req);
    ctx.rag = rag;
    const tracked = new KoaTrackedRequest(
      metrics,
      rag,
      recordKoaRequest as ResponseDoneHandler,
      metrics.reportListenerFailure,
      ctx,
    );
    // Recorded when the response really ends, which for a streamed body is long after next() returns.
    attachTracked(ctx.res, tracked, previous);
    try {
      await next();
    } catch (err) {
      // Labels `rag_errors_total` if the client gets a 5xx; the error goes on untouched.
      rag.recordError(err);
      throw err;
    }
  }

  return Object.assign(ragMetricsMiddleware as unknown as Middleware, { metrics });
}

/**
 * This request's `RagContext` (`ctx.rag`); throws "ragMetrics() is not mounted before this route"
 * when it has none, instead of the bare TypeError `ctx.rag.time` gives then.
 */
export function ragOf(ctx: { readonly res: ServerResponse }): RagContext {
  return ragOfResponse(ctx.res, 'ragOf(ctx)');
}

export type { FeedbackHandlerOptions } from '../lib/feedback-handler';
export type { RagMetricsOptions } from '../lib/options';
export { createRagMetrics, RagMetrics } from '../lib/rag-metrics';
export {
  onRequestRecorded,
  REQUEST_RECORDED_CHANNEL,
  type RequestRecord,
} from '../lib/request-record';
export type { RagContext } from '../lib/types';
export { ragFeedbackHandler } from './koa-feedback';
export {
  logQuery,
  type RagLoggerKoaMiddleware,
  type RagLoggerOptions,
  ragLogger,
} from './koa-logger';
