import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { CompletionLines, type RouteReader } from './completion-line';
import { QueryDigest } from './query-digest';
import { HeaderRedactor, REDACTED, redactPaths } from './redaction';
import type { ResolvedLoggerOptions } from './resolve-logger-options';
import { ServiceIdentity } from './service-identity';

/** Key of the request id in every line of a request, the completion line and `req.log` lines alike. */
export const REQUEST_ID_KEY = 'request_id';

/** Levels as words (`"info"`, not `30`), which cloud log stores index as severity. */
function levelAsWord(label: string): { level: string } {
  return { level: label };
}

/**
 * pino-http binds the raw request to a per-request child logger before it knows whether that
 * child is ever used. The completion line carries what is worth knowing about the request, so the
 * binding is dropped here instead of serialized: it keeps the URL's query string (often the user's
 * question) and unredacted headers out of `req.log` lines, and saves the work on every request.
 */
function omitRequest(): undefined {
  return undefined;
}

/**
 * The pino-http middleware behind `ragLogger()`, for either framework: every hook below is created
 * here, once, so a request costs pino-http's own bookkeeping plus building its completion line.
 */
export function createHttpLogger(options: ResolvedLoggerOptions, routeOf: RouteReader): HttpLogger {
  const lines = new CompletionLines(
    routeOf,
    new ServiceIdentity(
      options.serviceName,
      options.environment,
      options.fallbackServiceName,
      options.fallbackEnvironment,
    ),
    new QueryDigest(options.queryHashKey, options.logQueries),
    options.headers ? new HeaderRedactor(options.redactHeaders) : undefined,
  );
  const logger: Logger =
    options.logger ??
    pino({ level: options.level, timestamp: pino.stdTimeFunctions.isoTime }, options.destination);
  return pinoHttp({
    // pino-http makes this a child with the options below; a logger the app passes stays unchanged.
    logger,
    formatters: { level: levelAsWord },
    // pino caches each level's JSON prefix when a logger is created, and a child given a new level
    // formatter keeps its parent's cache; passing (no) custom levels is what makes pino rebuild it,
    // so a logger the app passes in writes level words too.
    customLevels: {},
    redact: { paths: redactPaths(options.redactHeaders), censor: REDACTED },
    wrapSerializers: false,
    serializers: {
      req: omitRequest,
      res: pino.stdSerializers.res,
      err: pino.stdSerializers.err,
    },
    customAttributeKeys: { reqId: REQUEST_ID_KEY },
    // `req.log` carries the request id only; the completion line is written through the same child.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      lines.level(res, err),
    customSuccessObject: (req: IncomingMessage, res: ServerResponse) =>
      lines.build(req, res, undefined),
    customErrorObject: (req: IncomingMessage, res: ServerResponse, err: Error) =>
      lines.build(req, res, err),
    customSuccessMessage: (_req: IncomingMessage, res: ServerResponse) =>
      lines.message(res, undefined),
    customErrorMessage: (_req: IncomingMessage, res: ServerResponse, err: Error) =>
      lines.message(res, err),
  });
}
