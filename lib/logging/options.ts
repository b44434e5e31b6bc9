import type { IncomingMessage } from 'node:http';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';

/**
 * Options of `ragLogger()`. Checked once, when the middleware is created. `CustomLevels` are those
 * of an app's `logger`, if it has any.
 */
export interface RagLoggerOptions<CustomLevels extends string = never> {
  /**
   * A pino logger to write through (its destination, transports, bindings and `timestamp` are
   * kept). The completion line's fields, level words and header redaction are applied on top of it
   * as a child. For ISO-8601 `time`, create it with `timestamp: pino.stdTimeFunctions.isoTime`.
   * @default a pino logger with ISO-8601 time, writing to `destination`
   */
  readonly logger?: Logger<CustomLevels>;
  /**
   * Where the default logger writes, e.g. `pino.destination({ dest: './logs/app.log', sync: false })`
   * or `pino.transport({ target: 'pino/file' })`. Cannot be combined with `logger`.
   * @default standard output
   */
  readonly destination?: DestinationStream;
  /**
   * Lowest level the default logger writes. Cannot be combined with `logger` (set it there).
   * @default process.env.LOG_LEVEL ?? 'info'
   */
  readonly level?: LevelWithSilent;
  /** `service` of every completion line. @default ragMetrics()' serviceName, else SERVICE_NAME, else 'rag-service' */
  readonly serviceName?: string;
  /** `environment` of every completion line. @default ragMetrics()' environment, else ENV, NODE_ENV, 'development' */
  readonly environment?: string;
  /**
   * Log the text given to `logQuery()` verbatim, next to its length and hash. Off by default: user
   * questions often hold personal data.
   * @default false
   */
  readonly logQueries?: boolean;
  /**
   * Key of the HMAC that hashes logged queries. Set it (from a secret store) to compare hashes
   * across instances and restarts.
   * @default 32 random bytes, new in every process
   */
  readonly queryHashKey?: string;
  /**
   * More header names to redact, on top of `authorization`, `cookie`, `set-cookie` and the usual
   * API-key headers listed in docs/logging.md, and names that look like credentials.
   * @example ['x-tenant-token']
   */
  readonly redactHeaders?: readonly string[];
  /**
   * Put the request and response headers (secrets redacted) on the completion line, as
   * `req_headers` and `res_headers`. Off by default: besides credentials, which are redacted by
   * name, headers carry what no name-based rule can recognise (a `referer` whose query string holds
   * the user's question, client addresses in `x-forwarded-for`, an app's own `x-user-*` headers),
   * and they are the larger part of a line's cost.
   * @default false
   */
  readonly headers?: boolean;
  /**
   * Which requests' own `x-request-id` to reuse. Any client can send one, and a chosen id lets it
   * make its lines look like another request's (or collide with them); reuse pays off when your
   * own proxy or gateway sets the header. Return `true` for requests it came through, e.g.
   * `(req) => req.socket.remoteAddress === '10.0.0.5'`; other requests get a fresh UUID.
   * @default every request's header is reused when well-formed
   */
  readonly trustRequestId?: (req: IncomingMessage) => boolean;
  /**
   * Requests that get no completion line, typically the health checks `ragMetrics()` skips: the
   * same shape as its `skip` (paths, exact or followed by `/`, or a function of the request).
   * Handlers of a skipped request still have their logger (`req.log`, `ctx.log`). A function that
   * throws logs the request, and the first throw is logged as a warning.
   * @default every request is logged
   */
  readonly skip?: readonly string[] | ((req: IncomingMessage) => boolean);
  /** Where environment variables are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
