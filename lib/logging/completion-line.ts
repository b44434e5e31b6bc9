import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import { errorTypeOf } from '../error-type';
import type { RequestContext } from '../rag-context';
import type { RequestStart } from '../response-lifecycle';
import { bodyParserError } from './body-parser-error';
import { REDACTED_ALREADY } from './deep-redaction';
import { rememberedQuery } from './query';
import type { LoggedQuery, QueryDigest } from './query-digest';
import { type LoggedRag, ragFields, roundMs } from './rag-fields';
import type { HeaderRedactor } from './redaction';
import type { ServiceIdentity } from './service-identity';

/**
 * Reads the route template the framework matched (the same function the metrics adapter uses), from
 * the request or the framework's own context (`source`: Koa's `ctx`).
 */
export type RouteReader = (req: IncomingMessage, source: unknown) => string;

export type CompletionLevel = 'info' | 'warn' | 'error';

/** Status logged for a request the client abandoned (nginx's convention, as in the metrics). */
export const ABORTED_STATUS = 499;

export interface LoggedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

/** The fields the completion line adds to pino's `level`, `time`, `request_id` and `msg`. */
export interface CompletionLine {
  readonly service?: string;
  readonly environment?: string;
  readonly method?: string;
  readonly route?: string;
  readonly status_code?: number;
  readonly duration_ms?: number;
  readonly aborted?: true | undefined;
  readonly error?: LoggedError | undefined;
  readonly rag?: LoggedRag | undefined;
  readonly query?: LoggedQuery | undefined;
  readonly req_headers?: IncomingHttpHeaders | undefined;
  readonly res_headers?: OutgoingHttpHeaders | undefined;
  /** Set instead of the usual fields when building them failed; the request is unaffected. */
  readonly log_error?: string;
  /** Its headers are redacted as they are copied: the line is not searched again (deep-redaction.ts). */
  readonly [REDACTED_ALREADY]?: true;
}

/**
 * Builds each request's completion line, once, when its response is done. The error a handler
 * threw is on `res.err`, where `ragErrorHandler()` (Express) and `ragLogger()` (Koa) put it, as
 * pino-http documents.
 */
export class CompletionLines {
  constructor(
    private readonly routeOf: RouteReader,
    private readonly identity: ServiceIdentity,
    private readonly queries: QueryDigest,
    /** `undefined` when the line carries no headers. */
    private readonly headers: HeaderRedactor | undefined,
  ) {}

  level(res: ServerResponse, aborted: boolean): CompletionLevel {
    const thrown = thrownError(res) !== undefined;
    if (aborted) return thrown ? 'error' : 'warn';
    const status = res.statusCode;
    if (status >= 500) return 'error';
    if (status >= 400) return 'warn';
    return thrown ? 'error' : 'info';
  }

  message(res: ServerResponse, aborted: boolean): string {
    if (aborted) return 'request aborted';
    if (res.statusCode >= 500 || thrownError(res) !== undefined) return 'request errored';
    return 'request completed';
  }

  /** Never throws: a line that cannot be built becomes a short one saying why. */
  build(
    req: IncomingMessage,
    res: ServerResponse,
    rag: RequestContext | undefined,
    aborted: boolean,
    start: RequestStart | undefined,
  ): CompletionLine {
    try {
      const status = aborted ? ABORTED_STATUS : res.statusCode;
      const thrown = thrownError(res);
      const query = rememberedQuery(res);
      const startedAt = start?.startedAt ?? rag?.startedAt ?? performance.now();
      return {
        service: this.identity.service(rag),
        environment: this.identity.environment(rag),
        method: req.method,
        // The label the metrics recorded it under, else read as they would have.
        route: rag?.recordedRoute ?? this.routeOf(req, start?.source),
        status_code: status,
        duration_ms: roundMs(performance.now() - startedAt),
        aborted: aborted ? true : undefined,
        error:
          thrown !== undefined
            ? loggedError(thrown)
            : status >= 500 && !aborted
              ? { type: `http_${status}`, message: `responded with status ${status}` }
              : undefined,
        // A request with nothing recorded (a health check, a 404) has no `rag` object to carry.
        rag: rag?.recordedAnything === true ? ragFields(rag.summary()) : undefined,
        query: query === undefined ? undefined : this.queries.digest(query),
        req_headers: this.headers?.request(req.headers),
        res_headers: this.headers?.response(res),
        [REDACTED_ALREADY]: true,
      };
    } catch (failure) {
      return fallbackLine(req, res, aborted, failure);
    }
  }
}

/** The error a handler threw, if the adapter saw one. */
function thrownError(res: ServerResponse): unknown {
  const thrown: unknown = res.err;
  return thrown === null ? undefined : thrown;
}

function loggedError(err: unknown): LoggedError {
  const refusedBody = bodyParserError(err);
  if (refusedBody !== undefined) return refusedBody;
  const type = errorTypeOf(err);
  if (typeof err === 'object' && err !== null) {
    const { message, stack } = err as { message?: unknown; stack?: unknown };
    return {
      type,
      message: typeof message === 'string' ? message : '',
      stack: typeof stack === 'string' ? stack : undefined,
    };
  }
  return { type, message: typeof err === 'string' ? err : String(err) };
}

function fallbackLine(
  req: IncomingMessage,
  res: ServerResponse,
  aborted: boolean,
  failure: unknown,
): CompletionLine {
  try {
    return {
      method: req.method,
      status_code: aborted ? ABORTED_STATUS : res.statusCode,
      log_error: `rag-metrics could not build the completion line: ${errorTypeOf(failure)}`,
    };
  } catch {
    return { log_error: 'rag-metrics could not build the completion line' };
  }
}
