import type { RagMetrics, RagMetricsOptions } from 'rag-metrics';
import type { ServiceConfig } from '../service/create-service';

/** The models clients may ask for; anything else is a 400, so labels stay bounded. */
export interface ModelChoice {
  readonly allowed: readonly string[];
  readonly default: string;
}

/** What `createExpressApp()` and `createKoaApp()` take. */
export interface SampleAppConfig extends ServiceConfig {
  readonly models: ModelChoice;
  /** Options for `ragMetrics()`, or an instance several apps share. @default fresh metrics */
  readonly metrics?: RagMetricsOptions | RagMetrics;
}

export const DEFAULT_MODELS: ModelChoice = {
  allowed: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1-nano'],
  default: 'gpt-4o-mini',
};
