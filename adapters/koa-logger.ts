// pino-http's typings give Node's request `log` and `id`; referenced so that apps get ctx.req.log typed.
/// <reference types="pino-http" preserve="true" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { createHttpLogger } from '../lib/logging/http-logger';
import type { RagLoggerOptions } from '../lib/logging/options';
import { rememberQuery } from '../lib/logging/query';
import { assignRequestId, REQUEST_ID_HEADER } from '../lib/logging/request-id';
import { resolveLoggerOptions } from '../lib/logging/resolve-logger-options';
import { type KoaRouteContext, koaRouteOf } from './koa-route';

/** The parts of Koa's context this middleware reads and writes; Koa 2 and 3 both have them. */
interface KoaContext extends KoaRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  log?: Logger;
}

type Next = () => Promise<unknown>;

declare module 'koa' {
  interface DefaultContext {
    /** This request's pino logger, bound to its request id; set by `ragLogger()` from `rag-metrics/koa`. */
    log: Logger;
  }
}

/** The route of a request `ragMetrics()` did not record, from Koa's context. */
function routeOf(_req: IncomingMessage, source: unknown): string {
  return koaRouteOf((source ?? {}) as KoaRouteContext);
}

/** The middleware `ragLogger()` returns; `.logger` is the pino logger it writes through. */
export type RagLoggerKoaMiddleware = Middleware & { readonly logger: Logger };

/**
 * Writes one JSON line per request when its response finishes or the client goes away, with the
 * RAG facts `ragMetrics()` recorded for it; handlers log through `ctx.log`. Mount it right after
 * `ragMetrics()`. Errors thrown downstream are put on the line, then rethrown with
 * `x-request-id` added to their `headers` (Koa clears response headers before answering them).
 */
export function ragLogger<CustomLevels extends string = never>(
  options?: RagLoggerOptions<CustomLevels>,
): RagLoggerKoaMiddleware {
  const resolved = resolveLoggerOptions(options);
  const logRequest = createHttpLogger(resolved, routeOf);
  const { trustRequestId } = resolved;

  async function ragLoggerMiddleware(ctx: KoaContext, next: Next): Promise<void> {
    const { req, res } = ctx;
    const id = assignRequestId(req, res, trustRequestId);
    logRequest(req, res, ctx);
    ctx.log = req.log;
    try {
      await next();
    } catch (err) {
      // Where the completion line looks for the error (pino-http's convention); Koa answers it afterwards.
      res.err = err as Error;
      keepRequestIdOn(err, id);
      throw err;
    }
  }

  return Object.assign(ragLoggerMiddleware as unknown as Middleware, {
    logger: logRequest.logger,
  });
}

/**
 * Koa clears every response header before answering a thrown error, then sets the error's own
 * `headers` (as http-errors uses them). The id goes there, so that error responses, the ones users
 * report, carry it too; headers the error already names win.
 */
function keepRequestIdOn(err: unknown, id: string): void {
  if (typeof err !== 'object' || err === null) return;
  try {
    const { headers } = err as { headers?: unknown };
    if (headers !== undefined && (typeof headers !== 'object' || headers === null)) return;
    (err as { headers?: object }).headers = { [REQUEST_ID_HEADER]: id, ...headers };
  } catch {
    // A frozen error: the response goes without the id, the request is unaffected.
  }
}

/**
 * Puts the user's question on this request's completion line: its length and a keyed hash, and the
 * text itself only with `logQueries: true`.
 */
export function logQuery(ctx: { res: ServerResponse }, text: string): void {
  rememberQuery(ctx.res, text);
}

export type { RagLoggerOptions } from '../lib/logging/options';
