import { register as defaultRegistry, type Registry } from 'prom-client';
import { DEFAULT_BUCKETS } from './buckets';
import { type Env, envVar } from './env';
import { type MetricsAuthOption, resolveMetricsAuth } from './metrics-auth';
import { optionChecks } from './option-checks';
import type { BucketOptions, RagMetricsOptions } from './options';
import { isPlainPath } from './paths';
import { DEFAULT_FALLBACK_PER_1K } from './pricing/price-resolver';
import { type SkipRequest, skipOption } from './skip';
import type { ModelPrice, RagMetricsWarning } from './types';
import { isMetricNamePrefix, isNonNegativeNumber, quote } from './validation';

const { fail, rejectUnknown, boolean: booleanOption } = optionChecks('option');

/** Options after validation, with every default and environment variable applied. */
export interface ResolvedOptions {
  readonly prefix: string;
  readonly registry: Registry | undefined;
  readonly includeDefaultRegistry: boolean;
  readonly processMetrics: boolean;
  readonly metricsPath: string | false;
  readonly metricsAuth: MetricsAuthOption | undefined;
  readonly skip: SkipRequest | undefined;
  readonly serviceName: string;
  readonly environment: string;
  readonly version: string;
  readonly pricing: Readonly<Record<string, ModelPrice>>;
  readonly fallbackPricePer1K: { readonly input: number; readonly output: number };
  readonly maxLabelValues: number;
  readonly maxLabelLength: number;
  readonly maxSeriesPerMetric: number;
  readonly buckets: { readonly [K in keyof Required<BucketOptions>]: readonly number[] };
  readonly onWarning: ((warning: RagMetricsWarning) => void) | undefined;
  readonly requestIdExemplars: boolean;
  readonly metricsPort: number;
  /** `NODE_ENV`, for the warning about a public endpoint in production. */
  readonly nodeEnv: string | undefined;
}

const OPTION_NAMES: readonly (keyof RagMetricsOptions)[] = [
  'prefix',
  'registry',
  'includeDefaultRegistry',
  'processMetrics',
  'metricsPath',
  'metricsAuth',
  'skip',
  'serviceName',
  'environment',
  'version',
  'pricing',
  'fallbackPricePer1K',
  'maxLabelValues',
  'maxLabelLength',
  'maxSeriesPerMetric',
  'buckets',
  'onWarning',
  'requestIdExemplars',
  'env',
];

const BUCKET_NAMES = [
  'requestDuration',
  'stageDuration',
  'timeToFirstToken',
  'tokens',
  'cost',
] as const;

/** Checks every option once, at construction, and fills in defaults and environment variables. */
export function resolveOptions(options: RagMetricsOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`rag-metrics: options must be an object; got ${quote(options)}.`);
  }
  rejectUnknown(options, OPTION_NAMES);
  const env = options.env ?? process.env;
  if (typeof env !== 'object' || env === null)
    fail.type('env', env, 'it must be an object of strings');

  return {
    prefix: prefixOption(options.prefix),
    registry: registryOption(options.registry),
    includeDefaultRegistry: booleanOption(
      'includeDefaultRegistry',
      options.includeDefaultRegistry,
      true,
    ),
    processMetrics: booleanOption('processMetrics', options.processMetrics, true),
    metricsPath: metricsPathOption(options.metricsPath),
    metricsAuth: resolveMetricsAuth('option', options.metricsAuth),
    skip: skipOption(options.skip, fail.type),
    serviceName: nameOption(
      'serviceName',
      options.serviceName ?? envVar(env, 'SERVICE_NAME') ?? 'rag-service',
    ),
    environment: nameOption(
      'environment',
      options.environment ?? envVar(env, 'ENV') ?? envVar(env, 'NODE_ENV') ?? 'development',
    ),
    version: nameOption(
      'version',
      options.version ??
        envVar(env, 'SERVICE_VERSION') ??
        envVar(env, 'npm_package_version') ??
        'unknown',
    ),
    pricing: pricingOption(options.pricing),
    fallbackPricePer1K: fallbackPriceOption(options.fallbackPricePer1K, env),
    maxLabelValues: integerOption('maxLabelValues', options.maxLabelValues, 100, 1, 100_000),
    maxLabelLength: integerOption('maxLabelLength', options.maxLabelLength, 120, 8, 4096),
    maxSeriesPerMetric: integerOption(
      'maxSeriesPerMetric',
      options.maxSeriesPerMetric,
      5000,
      1,
      1_000_000,
    ),
    buckets: bucketsOption(options.buckets),
    onWarning: functionOption('onWarning', options.onWarning),
    requestIdExemplars: booleanOption('requestIdExemplars', options.requestIdExemplars, false),
    metricsPort: portFromEnv(env),
    nodeEnv: envVar(env, 'NODE_ENV'),
  };
}

function prefixOption(value: unknown): string {
  if (value === undefined) return 'rag_';
  if (typeof value !== 'string') return fail.type('prefix', value, 'it must be a string');
  if (!isMetricNamePrefix(value)) {
    return fail.range(
      'prefix',
      value,
      'it must match [a-zA-Z_:][a-zA-Z0-9_:]*, for example "rag_"',
    );
  }
  return value;
}

function registryOption(value: unknown): Registry | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Registry> | null;
  if (typeof candidate?.registerMetric !== 'function' || typeof candidate.metrics !== 'function') {
    return fail.type('registry', value, 'it must be a prom-client Registry (new Registry())');
  }
  return value as Registry;
}

function metricsPathOption(value: unknown): string | false {
  if (value === undefined) return '/metrics';
  if (value === false) return false;
  if (!isPlainPath(value)) {
    return fail.type(
      'metricsPath',
      value,
      'it must be a path starting with "/" (no query), or false',
    );
  }
  return value;
}

function nameOption(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return fail.type(option, value, 'it must be a non-empty string');
  }
  return value;
}

function priceOption(option: string, value: unknown): ModelPrice {
  const price = value as Record<string, unknown> | null;
  const allowed =
    'it must be { input, output, cachedInput?, cacheWrite? } in USD per 1M tokens, each ≥ 0';
  if (typeof price !== 'object' || price === null) return fail.type(option, value, allowed);
  for (const field of ['input', 'output', 'cachedInput', 'cacheWrite']) {
    const amount = price[field];
    const optional = field === 'cachedInput' || field === 'cacheWrite';
    if (optional && amount === undefined) continue;
    if (!isNonNegativeNumber(amount)) return fail.range(`${option}.${field}`, amount, allowed);
  }
  return price as unknown as ModelPrice;
}

function pricingOption(value: unknown): Readonly<Record<string, ModelPrice>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail.type(
      'pricing',
      value,
      'it must be an object of model name → { input, output, cachedInput? }',
    );
  }
  const pricing: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(value)) {
    pricing[model] = priceOption(`pricing["${model}"]`, price);
  }
  return pricing;
}

function fallbackPriceOption(value: unknown, env: Env): { input: number; output: number } {
  if (value !== undefined) {
    const price = value as { input?: unknown; output?: unknown } | null;
    const allowed = 'it must be { input, output } in USD per 1K tokens, each ≥ 0';
    if (typeof price !== 'object' || price === null)
      return fail.type('fallbackPricePer1K', value, allowed);
    if (!isNonNegativeNumber(price.input))
      return fail.range('fallbackPricePer1K.input', price.input, allowed);
    if (!isNonNegativeNumber(price.output))
      return fail.range('fallbackPricePer1K.output', price.output, allowed);
    return { input: price.input, output: price.output };
  }
  return {
    input: priceFromEnv(env, 'COST_PER_1K_INPUT_TOKENS', DEFAULT_FALLBACK_PER_1K.input),
    output: priceFromEnv(env, 'COST_PER_1K_OUTPUT_TOKENS', DEFAULT_FALLBACK_PER_1K.output),
  };
}

function priceFromEnv(env: Env, variable: string, fallback: number): number {
  const raw = envVar(env, variable);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!isNonNegativeNumber(value)) {
    throw new RangeError(
      `rag-metrics: environment variable ${variable} is ${quote(raw)}; it must be a number ≥ 0 (USD per 1K tokens).`,
    );
  }
  return value;
}

/**
 * Port of a metrics server when none is given: 9464, the port registered for Prometheus exporters
 * of OpenTelemetry and used by every example, unless `METRICS_PORT` says otherwise.
 */
export const DEFAULT_METRICS_PORT = 9464;

/** `METRICS_PORT`, checked; `DEFAULT_METRICS_PORT` when unset or blank. */
export function portFromEnv(env: Env): number {
  const raw = envVar(env, 'METRICS_PORT');
  if (raw === undefined) return DEFAULT_METRICS_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `rag-metrics: environment variable METRICS_PORT is ${quote(raw)}; it must be an integer from 0 to 65535.`,
    );
  }
  return port;
}

function integerOption(
  option: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number')
    return fail.type(option, value, `it must be an integer from ${min} to ${max}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    return fail.range(option, value, `it must be an integer from ${min} to ${max}`);
  }
  return value;
}

function bucketsOption(value: unknown): ResolvedOptions['buckets'] {
  const given = (value ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return fail.type(
      'buckets',
      value,
      `it must be an object with any of ${BUCKET_NAMES.join(', ')}`,
    );
  }
  for (const key of Object.keys(given)) {
    if (!(BUCKET_NAMES as readonly string[]).includes(key)) {
      return fail.type(
        `buckets.${key}`,
        given[key],
        `known buckets are ${BUCKET_NAMES.join(', ')}`,
      );
    }
  }
  const resolved = {} as Record<(typeof BUCKET_NAMES)[number], readonly number[]>;
  for (const name of BUCKET_NAMES) {
    resolved[name] = bucketList(`buckets.${name}`, given[name] ?? DEFAULT_BUCKETS[name]);
  }
  return resolved;
}

function bucketList(option: string, value: unknown): readonly number[] {
  const allowed = 'it must be a non-empty array of finite numbers in strictly increasing order';
  if (!Array.isArray(value) || value.length === 0) return fail.type(option, value, allowed);
  for (let i = 0; i < value.length; i++) {
    const bound: unknown = value[i];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail.type(option, value, allowed);
    if (i > 0 && (bound as number) <= (value[i - 1] as number)) fail.range(option, value, allowed);
  }
  return Object.freeze([...(value as number[])]);
}

function functionOption<F>(option: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') return fail.type(option, value, 'it must be a function');
  return value as F;
}

/** prom-client's global registry, which the mounted endpoint also serves by default. */
export { defaultRegistry };
