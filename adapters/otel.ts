import type { Attributes, Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { DEFAULT_BUCKETS } from '../lib/buckets';
import { optionChecks } from '../lib/option-checks';
import {
  type GenAiConventions,
  genAiConventions,
  OPERATION_DURATION_BOUNDARIES,
  TIME_TO_FIRST_TOKEN_BOUNDARIES,
  TOKEN_USAGE_BOUNDARIES,
} from '../lib/otel/semconv';
import { onRequestRecorded, type RequestRecord } from '../lib/request-record';

export {
  GEN_AI_OPT_IN,
  SEMCONV_DEFAULT_VERSION,
  SEMCONV_LATEST_VERSION,
} from '../lib/otel/semconv';

/** Options of `bridgeToOpenTelemetry()`. Checked once, when the bridge is created. */
export interface OpenTelemetryBridgeOptions {
  /** The app's OpenTelemetry `MeterProvider` (from `@opentelemetry/sdk-metrics`) the facts are recorded through. */
  readonly meterProvider: MeterProvider;
  /**
   * `gen_ai.operation.name` of the model calls.
   * @default 'chat'
   */
  readonly operationName?: string;
  /**
   * The GenAI provider (`gen_ai.system` / `gen_ai.provider.name`) of every model call, when the
   * app uses one provider whose models the name alone does not tell.
   * @default inferred from the model name (`gpt-…` → `openai`, `claude-…` → `anthropic`, …), else `_OTHER`
   */
  readonly provider?: string;
  /** Where `OTEL_SEMCONV_STABILITY_OPT_IN` is read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A running bridge; `close()` stops recording (the instruments stay in the provider). */
export interface OpenTelemetryBridge {
  /** The GenAI semantic-convention version the bridge emits. */
  readonly semconvVersion: string;
  close(): void;
}

const OPTION_NAMES: readonly (keyof OpenTelemetryBridgeOptions)[] = [
  'meterProvider',
  'operationName',
  'provider',
  'env',
];
const { fail, rejectUnknown } = optionChecks('bridgeToOpenTelemetry option');

/**
 * Records every request any `ragMetrics()` instance records (and `monitor()` jobs) through an
 * OpenTelemetry `MeterProvider` as well, beside Prometheus: the GenAI semantic-convention
 * instruments where a convention exists, `rag.*` instruments for the rest. It subscribes to the
 * "request recorded" hook, so the request path pays nothing extra for it.
 */
export function bridgeToOpenTelemetry(options: OpenTelemetryBridgeOptions): OpenTelemetryBridge {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'rag-metrics: bridgeToOpenTelemetry(options) needs an object { meterProvider }.',
    );
  }
  rejectUnknown(options, OPTION_NAMES);
  const { meterProvider } = options;
  if (typeof (meterProvider as Partial<MeterProvider> | undefined)?.getMeter !== 'function') {
    fail.type(
      'meterProvider',
      meterProvider,
      'it must be an OpenTelemetry MeterProvider (new MeterProvider() from @opentelemetry/sdk-metrics)',
    );
  }
  const operationName = nonEmpty('operationName', options.operationName, 'chat');
  const provider =
    options.provider === undefined ? undefined : nonEmpty('provider', options.provider, '');
  const env = options.env ?? process.env;
  const conventions = genAiConventions(env.OTEL_SEMCONV_STABILITY_OPT_IN);
  const instruments = createInstruments(meterProvider.getMeter('rag-metrics'));
  const record = (finished: RequestRecord) =>
    recordRequest(instruments, conventions, operationName, provider, finished);
  const unsubscribe = onRequestRecorded(record);
  return { semconvVersion: conventions.version, close: unsubscribe };
}

function nonEmpty(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    return fail.type(option, value, 'it must be a non-empty string');
  }
  return value;
}

interface Instruments {
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly timeToFirstToken: Histogram;
  readonly requestDuration: Histogram;
  readonly cost: Counter;
  readonly cacheLookups: Counter;
  readonly relevance: Histogram;
  readonly contextPrecision: Histogram;
}

function createInstruments(meter: Meter): Instruments {
  return {
    tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BOUNDARIES },
    }),
    operationDuration: meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: OPERATION_DURATION_BOUNDARIES },
    }),
    timeToFirstToken: meter.createHistogram('gen_ai.server.time_to_first_token', {
      description: 'Time to generate first token for successful responses.',
      unit: 's',
      advice: { explicitBucketBoundaries: TIME_TO_FIRST_TOKEN_BOUNDARIES },
    }),
    requestDuration: meter.createHistogram('rag.request.duration', {
      description: 'Duration of RAG requests, retrieval and generation included.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DEFAULT_BUCKETS.requestDuration] },
    }),
    cost: meter.createCounter('rag.cost', {
      description: 'Spend on model calls, from the price table or recorded costs.',
      unit: '{USD}',
    }),
    cacheLookups: meter.createCounter('rag.cache.lookups', {
      description: 'Cache lookups by result (hit or miss).',
      unit: '{lookup}',
    }),
    relevance: meter.createHistogram('rag.relevance.score', {
      description: 'Relevance of answers, 0 to 1.',
      unit: '1',
      advice: { explicitBucketBoundaries: [...DEFAULT_BUCKETS.score] },
    }),
    contextPrecision: meter.createHistogram('rag.context.precision', {
      description: 'Share of retrieved context the answer used, 0 to 1.',
      unit: '1',
      advice: { explicitBucketBoundaries: [...DEFAULT_BUCKETS.score] },
    }),
  };
}

function recordRequest(
  instruments: Instruments,
  conventions: GenAiConventions,
  operationName: string,
  provider: string | undefined,
  finished: RequestRecord,
): void {
  instruments.requestDuration.record(finished.durationSeconds, {
    'http.request.method': finished.method,
    'http.route': finished.route,
    'http.response.status_code': finished.statusCode,
    ...(finished.errorType === undefined ? {} : { 'error.type': finished.errorType }),
  });
  if (!finished.recordedAnything) return;
  const summary = finished.rag.summary();
  const { model } = summary;
  if (model !== undefined) {
    const genAi: Attributes = {
      'gen_ai.operation.name': operationName,
      [conventions.providerAttribute]: provider ?? conventions.providerOf(model),
      'gen_ai.request.model': model,
    };
    if (summary.tokens.input > 0) {
      instruments.tokenUsage.record(summary.tokens.input, {
        ...genAi,
        'gen_ai.token.type': 'input',
      });
    }
    if (summary.tokens.output > 0) {
      instruments.tokenUsage.record(summary.tokens.output, {
        ...genAi,
        'gen_ai.token.type': 'output',
      });
    }
    const generationMs = summary.stagesMs.generation;
    if (generationMs !== undefined) {
      const failed = finished.errorType === undefined ? {} : { 'error.type': finished.errorType };
      instruments.operationDuration.record(generationMs / 1000, { ...genAi, ...failed });
    }
    if (summary.timeToFirstTokenMs !== undefined && finished.errorType === undefined) {
      instruments.timeToFirstToken.record(summary.timeToFirstTokenMs / 1000, genAi);
    }
    if (summary.costUsd > 0)
      instruments.cost.add(summary.costUsd, { 'gen_ai.request.model': model });
  }
  const route = { 'http.route': finished.route };
  if (summary.cache.hits > 0) {
    instruments.cacheLookups.add(summary.cache.hits, { ...route, 'rag.cache.result': 'hit' });
  }
  if (summary.cache.misses > 0) {
    instruments.cacheLookups.add(summary.cache.misses, { ...route, 'rag.cache.result': 'miss' });
  }
  if (summary.relevance !== undefined) instruments.relevance.record(summary.relevance, route);
  if (summary.contextPrecision !== undefined) {
    instruments.contextPrecision.record(summary.contextPrecision, route);
  }
}
