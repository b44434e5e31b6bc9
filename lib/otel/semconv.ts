/**
 * The OpenTelemetry GenAI semantic conventions the bridge follows. They are still marked
 * development, so the version is pinned and the conventions' transition advice is followed:
 * instrumentations keep emitting v1.36.0 by default, and emit the latest experimental version
 * (here v1.37.0, where `gen_ai.system` became `gen_ai.provider.name`) when
 * `OTEL_SEMCONV_STABILITY_OPT_IN` lists `gen_ai_latest_experimental`.
 */
export const SEMCONV_DEFAULT_VERSION = '1.36.0';
export const SEMCONV_LATEST_VERSION = '1.37.0';
export const GEN_AI_OPT_IN = 'gen_ai_latest_experimental';

export interface GenAiConventions {
  readonly version: typeof SEMCONV_DEFAULT_VERSION | typeof SEMCONV_LATEST_VERSION;
  /** `gen_ai.system` (1.36.0) or `gen_ai.provider.name` (1.37.0). */
  readonly providerAttribute: 'gen_ai.system' | 'gen_ai.provider.name';
  /** Provider value for a model name; `_OTHER` when the model's family is not known. */
  providerOf(model: string): string;
}

/** Explicit bucket boundaries the conventions give for each GenAI histogram. */
export const TOKEN_USAGE_BOUNDARIES = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
export const OPERATION_DURATION_BOUNDARIES = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const TIME_TO_FIRST_TOKEN_BOUNDARIES = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

// Model-name prefixes of the providers the price table covers, and each version's value for them.
const FAMILIES: readonly (readonly [RegExp, string, string])[] = [
  [/^(gpt-|o\d|chatgpt-|text-embedding-)/, 'openai', 'openai'],
  [/^claude-/, 'anthropic', 'anthropic'],
  [/^gemini-/, 'gemini', 'gcp.gemini'],
  [
    /^(mistral-|codestral-|ministral-|magistral-|pixtral-|open-mistral-)/,
    'mistral_ai',
    'mistral_ai',
  ],
];

/** The conventions to emit, from `OTEL_SEMCONV_STABILITY_OPT_IN` (a comma-separated list). */
export function genAiConventions(optIn: string | undefined): GenAiConventions {
  const latest = (optIn ?? '')
    .split(',')
    .map((value) => value.trim())
    .includes(GEN_AI_OPT_IN);
  const column = latest ? 2 : 1;
  return {
    version: latest ? SEMCONV_LATEST_VERSION : SEMCONV_DEFAULT_VERSION,
    providerAttribute: latest ? 'gen_ai.provider.name' : 'gen_ai.system',
    providerOf(model) {
      const family = FAMILIES.find(([pattern]) => pattern.test(model));
      return family === undefined ? '_OTHER' : (family[column] as string);
    },
  };
}
