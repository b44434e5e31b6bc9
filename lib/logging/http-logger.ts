import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { onRequestRecorded, type RequestRecord } from '../request-record';
import { isAwaitingRecord } from '../response-lifecycle';
import { guardedSkip } from '../skip';
import { createSpanReader } from '../tracing/active-span';
import { bodyParserError } from './body-parser-error';
import { CompletionLines, type RequestStart, type RouteReader } from './completion-line';
import { DeepRedactor } from './deep-redaction';
import { createIsoTime } from './iso-time';
import { QueryDigest } from './query-digest';
import { HeaderRedactor } from './redaction';
import type { ResolvedLoggerOptions } from './resolve-logger-options';
import { ServiceIdentity } from './service-identity';

/** Key of the request id in every line of a request, the completion line and `req.log` lines alike. */
export const REQUEST_ID_KEY = 'request_id';

/**
 * pino and pino-http, loaded when the first `ragLogger()` is made rather than when an adapter is
 * imported: an app that only measures never loads them (issue 14, item 11). Node caches modules, so
 * later loggers cost one lookup.
 */
function loadPino(): {
  pino: typeof import('pino').pino;
  pinoHttp: typeof import('pino-http').pinoHttp;
} {
  return {
    pino: (require('pino') as typeof import('pino')).pino,
    pinoHttp: (require('pino-http') as typeof import('pino-http')).pinoHttp,
  };
}

/** Logs the first throw of a `skip` function as a warning: the requests it throws on are logged. */
function warnOnceSkipThrew(logger: Logger): (err: unknown) => void {
  let warned = false;
  return (err) => {
    if (warned) return;
    warned = true;
    logger.warn({ err }, 'ragLogger skip threw; request logged');
  };
}

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
  /**
   * Gives the request its `req.log` child (pino-http) and writes its line when it is done.
   * `source`: the framework's own context, which the route is read from when no `ragMetrics()`
   * measures the request.
   */
  (req: IncomingMessage, res: ServerResponse, source: unknown): void;
  readonly logger: Logger;
}

/**
 * `ragLogger()` for either framework. pino-http makes each request's child logger (`req.log`,
 * `res.log`, bound to the request id) as usual; its automatic line is off. A request `ragMetrics()`
 * measures gets its line from the request's record (`onRequestRecorded`), right after the metrics
 * observed it, with the same route, status and duration; any other request from a 'close'
 * listener of its own. pino-http's own line would cost a closure and three more listeners per
 * request, and be written before the metrics had the final word on the request.
 */
export function createHttpLogger(
  options: ResolvedLoggerOptions,
  routeOf: RouteReader,
): RequestLogger {
  const { pino, pinoHttp } = loadPino();
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
  // Level words are set where pino builds its level strings: on the loggers this package creates.
  // A logger the app passes is used exactly as the app configured it (issue 14, defect 8).
  const logger: Logger =
    options.logger ??
    pino(
      { level: options.level, timestamp: createIsoTime(), formatters: { level: levelAsWord } },
      options.destination,
    );
  // Credentials an HTTP client attached to its error (`err.config.headers`) are redacted, and a
  // body parser's error is logged without the body it carries.
  const serializeError = (err: Error) =>
    bodyParserError(err) ?? deep.redactFields(pino.stdSerializers.err(err), 0);
  const httpLogger = pinoHttp({
    // pino-http makes this a child with the options below; a logger the app passes stays unchanged.
    logger,
    autoLogging: false,
    formatters: { log: deep.line },
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
  const writeLine = (
    res: ServerResponse,
    record: RequestRecord | undefined,
    aborted: boolean,
    start: RequestStart | undefined,
  ): void => {
    // Node sets `res.req`; the request's child logger is the one pino-http put on the response.
    const { req } = res;
    res.log[lines.level(res, aborted)](
      lines.build(req, res, record, aborted, start),
      lines.message(res, aborted),
    );
  };

  /** Responses whose line waits for their request's record. */
  const awaiting = new WeakSet<ServerResponse>();
  // A throw in here is counted by the instance that published the record, never uncaught.
  onRequestRecorded((record) => {
    const res = record.response;
    if (res === undefined || !awaiting.has(res)) return;
    awaiting.delete(res);
    writeLine(res, record, record.aborted, undefined);
  });

  const skip = guardedSkip(options.skip, warnOnceSkipThrew(logger));

  function logRequest(req: IncomingMessage, res: ServerResponse, source: unknown): void {
    httpLogger(req, res);
    // Skipped: the handlers keep `req.log`, the request gets no completion line.
    if (skip?.(req)) return;
    if (isAwaitingRecord(res)) {
      awaiting.add(res);
      return;
    }
    const start: RequestStart = { startedAt: performance.now(), source };
    // 'close' comes once; `on` spares the wrapper `once` allocates.
    res.on('close', () => {
      // ragMetrics() mounted after the logger: its own 'close' listener, next, publishes the record.
      if (isAwaitingRecord(res)) awaiting.add(res);
      else writeLine(res, undefined, !res.writableEnded, start);
    });
  }

  return Object.assign(logRequest, { logger: httpLogger.logger });
}
