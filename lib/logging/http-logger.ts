import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestContext } from '../rag-context';
import { type LineWriter, writeWhenDone } from '../response-lifecycle';
import { createSpanReader } from '../tracing/active-span';
import { bodyParserError } from './body-parser-error';
import { CompletionLines, type RouteReader } from './completion-line';
import { DeepRedactor } from './deep-redaction';
import { createIsoTime } from './iso-time';
import { QueryDigest } from './query-digest';
import { HeaderRedactor } from './redaction';
import type { ResolvedLoggerOptions } from './resolve-logger-options';
import { ServiceIdentity } from './service-identity';

/** Key of the request id in every line of a request, the completion line and `req.log` lines alike. */
export const REQUEST_ID_KEY = 'request_id';

/** Levels as words (`"info"`, not `30`), which cloud log stores index as severity. */
function levelAsWord(label: string): { level: string } {
  return { level: label };
}

/**
 * pino-http binds the raw request to each request's child logger under its `req` attribute key,
 * which is renamed `request_id` here so that this serializer turns the binding into the id alone.
 * The child is then made straight off the shared logger (pino-http's `quietReqLogger` would chain
 * a second child off the first, and a fresh object as prototype on every request costs V8 more than
 * pino-http's whole default), and the request's URL (often with the question in its query string)
 * and headers stay out of `req.log` lines.
 */
function requestIdOf(value: unknown): unknown {
  const id = (value as { id?: unknown } | null)?.id;
  return id === undefined ? value : id;
}

/**
 * `req` and `res` objects a handler logs are left out: the completion line describes both, with
 * secrets redacted, and their standard serializers would log unredacted headers.
 */
function omit(): undefined {
  return undefined;
}

/** What `ragLogger()` runs per request, for either framework, and the logger it writes through. */
export interface RequestLogger {
  /** Gives the request its `req.log` child (pino-http) and writes its line when it is done. */
  (
    req: IncomingMessage,
    res: ServerResponse,
    rag: RequestContext | undefined,
    source: unknown,
  ): void;
  readonly logger: Logger;
}

/**
 * `ragLogger()` for either framework. pino-http makes each request's child logger (`req.log`,
 * `res.log`, bound to the request id) as usual; its automatic line is off, and the completion line
 * is written from the response-done event `ragMetrics()` already listens to (`writeWhenDone`),
 * right after the request is recorded. pino-http's own line would cost a closure and three more
 * listeners per request, and be written before the metrics had the final word on the request.
 */
export function createHttpLogger(
  options: ResolvedLoggerOptions,
  routeOf: RouteReader,
): RequestLogger {
  const names = new HeaderRedactor(options.redactHeaders);
  const deep = new DeepRedactor(names);
  const lines = new CompletionLines(
    routeOf,
    new ServiceIdentity(
      options.serviceName,
      options.environment,
      options.fallbackServiceName,
      options.fallbackEnvironment,
    ),
    new QueryDigest(options.queryHashKey, options.logQueries),
    options.headers ? names : undefined,
  );
  const logger: Logger =
    options.logger ??
    pino({ level: options.level, timestamp: createIsoTime() }, options.destination);
  // Credentials an HTTP client attached to its error (`err.config.headers`) are redacted, and a
  // body parser's error is logged without the body it carries.
  const serializeError = (err: Error) =>
    bodyParserError(err) ?? deep.redactFields(pino.stdSerializers.err(err), 0);
  const httpLogger = pinoHttp({
    // pino-http makes this a child with the options below; a logger the app passes stays unchanged.
    logger,
    autoLogging: false,
    formatters: { level: levelAsWord, log: deep.line },
    wrapSerializers: false,
    serializers: {
      [REQUEST_ID_KEY]: requestIdOf,
      req: omit,
      res: omit,
      err: serializeError,
    },
    customAttributeKeys: { req: REQUEST_ID_KEY },
    // `trace_id` and `span_id` of the span active when the request arrives, the field names of
    // OpenTelemetry's log correlation, on `req.log` lines and the completion line alike. Read
    // where pino-http makes the request's child logger; no span, no fields and no extra child
    // (pino-http adds a child only for a truthy result, though its typings ask for an object).
    customProps: createSpanReader() as (() => object) | undefined,
  });
  writeLevelWords(httpLogger.logger);

  const writeLine: LineWriter = (res, rag, aborted, start) => {
    // Node sets `res.req`; the request's child logger is the one pino-http put on the response.
    const { req } = res;
    res.log[lines.level(res, aborted)](
      lines.build(req, res, rag, aborted, start),
      lines.message(res, aborted),
    );
  };

  /**
   * `rag`: the context `ragMetrics()` gave the response, if it runs first; `source`: the
   * framework's own context, which the route is read from when it does not.
   */
  function logRequest(
    req: IncomingMessage,
    res: ServerResponse,
    rag: RequestContext | undefined,
    source: unknown,
  ): void {
    httpLogger(req, res);
    writeWhenDone(res, rag, writeLine, source);
  }

  return Object.assign(logRequest, { logger: httpLogger.logger });
}

/**
 * pino writes each line's `{"level":…` prefix from a cache it builds when a logger is created, and
 * a child given a new level formatter (as pino-http's is, above) keeps its parent's cache. The
 * cache is rebuilt here from the logger's own levels, custom ones included, so that the child and
 * each request's child of it write words, whatever logger the app passed in.
 */
function writeLevelWords(logger: Logger): void {
  const cache: Record<number, string> = {};
  for (const [value, label] of Object.entries(logger.levels.labels)) {
    cache[Number(value)] = JSON.stringify(levelAsWord(label)).slice(0, -1);
  }
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.lsCacheSym] = cache;
}
