import type { MeterProvider } from '@opentelemetry/api';
import { optionChecks } from '../lib/option-checks';
import { createInstruments } from '../lib/otel/instruments';
import { type BridgeSettings, recordThroughOtel } from '../lib/otel/record-request';
import { genAiConventions } from '../lib/otel/semconv';
import { onRequestRecorded } from '../lib/request-record';

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
  const settings: BridgeSettings = {
    instruments: createInstruments(meterProvider.getMeter('rag-metrics')),
    conventions: genAiConventions(env.OTEL_SEMCONV_STABILITY_OPT_IN),
    operationName,
    provider,
  };
  const unsubscribe = onRequestRecorded((finished) => recordThroughOtel(settings, finished));
  return { semconvVersion: settings.conventions.version, close: unsubscribe };
}

function nonEmpty(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    return fail.type(option, value, 'it must be a non-empty string');
  }
  return value;
}
