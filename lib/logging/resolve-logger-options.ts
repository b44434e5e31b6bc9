import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import { envVar } from '../env';
import { optionChecks } from '../option-checks';
import { type SkipRequest, skipOption } from '../skip';
import { quote } from '../validation';
import type { RagLoggerOptions } from './options';
import type { RequestIdTrust } from './request-id';

const { fail, rejectUnknown, boolean: booleanOption } = optionChecks('ragLogger option');

/** `ragLogger()` options after validation, with defaults and environment variables applied. */
export interface ResolvedLoggerOptions {
  readonly logger: Logger | undefined;
  readonly destination: DestinationStream | undefined;
  readonly level: LevelWithSilent;
  /** Explicit values only; otherwise each request takes ragMetrics()' values, then the fallbacks. */
  readonly serviceName: string | undefined;
  readonly environment: string | undefined;
  readonly fallbackServiceName: string;
  readonly fallbackEnvironment: string;
  readonly logQueries: boolean;
  readonly queryHashKey: string | undefined;
  readonly redactHeaders: readonly string[];
  readonly headers: boolean;
  readonly trustRequestId: RequestIdTrust | undefined;
  readonly skip: SkipRequest | undefined;
}

const OPTION_NAMES: readonly (keyof RagLoggerOptions)[] = [
  'logger',
  'destination',
  'level',
  'serviceName',
  'environment',
  'logQueries',
  'queryHashKey',
  'redactHeaders',
  'headers',
  'trustRequestId',
  'skip',
  'env',
];

const LEVELS: readonly LevelWithSilent[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Checks every option once, when the middleware is created. */
export function resolveLoggerOptions<CustomLevels extends string>(
  options: RagLoggerOptions<CustomLevels> = {},
): ResolvedLoggerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`rag-metrics: ragLogger options must be an object; got ${quote(options)}.`);
  }
  rejectUnknown(options, OPTION_NAMES);
  const env = options.env ?? process.env;
  if (typeof env !== 'object' || env === null) {
    fail.type('env', env, 'it must be an object of strings');
  }
  const logger = loggerOption(options.logger);
  if (logger !== undefined && options.destination !== undefined) {
    throw new Error(
      'rag-metrics: ragLogger options "logger" and "destination" conflict; pass the destination to pino() when you create the logger.',
    );
  }
  if (logger !== undefined && options.level !== undefined) {
    throw new Error(
      'rag-metrics: ragLogger options "logger" and "level" conflict; set the level on the logger you pass.',
    );
  }
  return {
    logger,
    destination: destinationOption(options.destination),
    level: logger === undefined ? levelOption(options.level, envVar(env, 'LOG_LEVEL')) : 'info',
    serviceName: nameOption('serviceName', options.serviceName),
    environment: nameOption('environment', options.environment),
    fallbackServiceName: envVar(env, 'SERVICE_NAME') ?? 'rag-service',
    fallbackEnvironment: envVar(env, 'ENV') ?? envVar(env, 'NODE_ENV') ?? 'development',
    logQueries: booleanOption('logQueries', options.logQueries, false),
    queryHashKey: keyOption(options.queryHashKey),
    redactHeaders: headerNamesOption(options.redactHeaders),
    headers: booleanOption('headers', options.headers, false),
    trustRequestId: trustOption(options.trustRequestId),
    skip: skipOption(options.skip, fail.type),
  };
}

function loggerOption(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Logger> | null;
  if (typeof candidate?.child !== 'function' || typeof candidate.info !== 'function') {
    return fail.type('logger', value, 'it must be a pino logger (pino())');
  }
  return value as Logger;
}

function destinationOption(value: unknown): DestinationStream | undefined {
  if (value === undefined) return undefined;
  if (typeof (value as Partial<DestinationStream> | null)?.write !== 'function') {
    return fail.type(
      'destination',
      value,
      'it must be a stream with write(), such as pino.destination() or a Writable',
    );
  }
  return value as DestinationStream;
}

function levelOption(value: unknown, fromEnv: string | undefined): LevelWithSilent {
  const allowed = `it must be one of ${LEVELS.map((level) => `"${level}"`).join(', ')}`;
  if (value === undefined) {
    if (fromEnv === undefined) return 'info';
    if ((LEVELS as readonly string[]).includes(fromEnv)) return fromEnv as LevelWithSilent;
    throw new RangeError(
      `rag-metrics: environment variable LOG_LEVEL is ${quote(fromEnv)}; ${allowed}.`,
    );
  }
  if (typeof value !== 'string') return fail.type('level', value, allowed);
  if (!(LEVELS as readonly string[]).includes(value)) return fail.range('level', value, allowed);
  return value as LevelWithSilent;
}

function nameOption(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    return fail.type(option, value, 'it must be a non-empty string');
  }
  return value;
}

function keyOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return fail.type('queryHashKey', value, 'it must be a string');
  if (value.length < 16) {
    // A short key can be guessed, and with it every hashed question. The key itself is not quoted:
    // error messages end up in logs.
    throw new RangeError(
      `rag-metrics: ragLogger option "queryHashKey" is ${value.length} characters long; it must be at least 16.`,
    );
  }
  return value;
}

function headerNamesOption(value: unknown): readonly string[] {
  if (value === undefined) return [];
  const allowed = 'it must be an array of header names, e.g. ["x-tenant-token"]';
  if (!Array.isArray(value)) return fail.type('redactHeaders', value, allowed);
  for (const name of value) {
    if (typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return fail.type('redactHeaders', value, allowed);
    }
  }
  return Object.freeze([...(value as string[])]);
}

function trustOption(value: unknown): RequestIdTrust | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    return fail.type('trustRequestId', value, 'it must be a function (req) => boolean');
  }
  return value as RequestIdTrust;
}
