// pino-http's typings give Node's request `log` and `id`; referenced so that apps get req.log typed.
/// <reference types="pino-http" preserve="true" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { createHttpLogger } from '../lib/logging/http-logger';
import type { RagLoggerOptions } from '../lib/logging/options';
import { rememberQuery } from '../lib/logging/query';
import { assignRequestId } from '../lib/logging/request-id';
import { resolveLoggerOptions } from '../lib/logging/resolve-logger-options';
import { trackedOf } from '../lib/response-lifecycle';
import { type ExpressRouteRequest, expressRouteOf, watchRouteDispatch } from './express-route';

type Next = (err?: unknown) => void;

/** The middleware `ragLogger()` returns; `.logger` is the pino logger it writes through. */
export interface RagLoggerMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: Next): void;
  readonly logger: Logger;
}

function routeOf(req: IncomingMessage): string {
  return expressRouteOf(req as ExpressRouteRequest);
}

/**
 * Writes one JSON line per request when its response finishes or the client goes away, with the
 * RAG facts `ragMetrics()` recorded for it; handlers log through `req.log`. Mount it right after
 * `ragMetrics()`, and `ragErrorHandler()` after the routes so that thrown errors reach the line.
 */
export function ragLogger<CustomLevels extends string = never>(
  options?: RagLoggerOptions<CustomLevels>,
): RagLoggerMiddleware {
  const resolved = resolveLoggerOptions(options);
  const logRequest = createHttpLogger(resolved, routeOf);
  const { trustRequestId } = resolved;

  function ragLoggerMiddleware(req: IncomingMessage, res: ServerResponse, next: Next): void {
    // Measured by ragMetrics(), the request's route is already watched and comes with its record.
    if (trackedOf(res) === undefined) watchRouteDispatch(req);
    assignRequestId(req, res, trustRequestId);
    logRequest(req, res, req);
    next();
  }

  return Object.assign(ragLoggerMiddleware, { logger: logRequest.logger });
}

/**
 * Puts the user's question on this request's completion line: its length and a keyed hash, and the
 * text itself only with `logQueries: true`.
 */
export function logQuery(res: ServerResponse, text: string): void {
  rememberQuery(res, text);
}

export type { RagLoggerOptions } from '../lib/logging/options';
