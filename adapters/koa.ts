import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import { statusOfError } from '../lib/error-type';
import type { RagMetricsOptions } from '../lib/options';
import { isPath } from '../lib/paths';
import { RagMetrics } from '../lib/rag-metrics';
import { ragOfResponse } from '../lib/rag-of';
import { attachContext, type ResponseDoneHandler, recordWhenDone } from '../lib/response-lifecycle';
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
  const metrics =
    optionsOrInstance instanceof RagMetrics ? optionsOrInstance : new RagMetrics(optionsOrInstance);
  const { metricsPath, skip } = metrics;
  const serveMetrics = metrics.metricsHandler();
  metrics.warnIfEndpointPublic();

  const recordKoaRequest: ResponseDoneHandler = (res, rag, aborted) => {
    const ctx = rag.source as KoaContext;
    rag.applyPlainRecord(ctx.state.rag);
    const statusCode = rag.thrownStatus === 0 ? res.statusCode : rag.thrownStatus;
    metrics.recordRequest(rag, ctx.method, koaRouteOf(ctx), statusCode, aborted, ctx.req, res);
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
    const rag = metrics.startRequest(ctx.req);
    rag.source = ctx;
    ctx.rag = rag;
    attachContext(ctx.res, rag);
    // Recorded when the response really ends, which for a streamed body is long after next() returns.
    recordWhenDone(ctx.res, rag, recordKoaRequest);
    try {
      await next();
    } catch (err) {
      // Status as Koa's own error handling derives it; the error goes on untouched.
      rag.thrownStatus = statusOfError(err);
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
