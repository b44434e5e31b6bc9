import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { DEFAULT_BUCKETS } from '../buckets';
import {
  OPERATION_DURATION_BOUNDARIES,
  TIME_TO_FIRST_TOKEN_BOUNDARIES,
  TOKEN_USAGE_BOUNDARIES,
} from './semconv';

/** The instruments the OpenTelemetry bridge records through, made once per bridge. */
export interface Instruments {
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly timeToFirstToken: Histogram;
  readonly requestDuration: Histogram;
  readonly cost: Counter;
  readonly cacheLookups: Counter;
  readonly relevance: Histogram;
  readonly contextPrecision: Histogram;
}

/** GenAI semantic-convention instruments where a convention exists, `rag.*` for the rest. */
export function createInstruments(meter: Meter): Instruments {
  const histogram = (
    name: string,
    unit: string,
    boundaries: readonly number[],
    description: string,
  ) =>
    meter.createHistogram(name, {
      description,
      unit,
      advice: { explicitBucketBoundaries: [...boundaries] },
    });
  return {
    tokenUsage: histogram(
      'gen_ai.client.token.usage',
      '{token}',
      TOKEN_USAGE_BOUNDARIES,
      'Number of input and output tokens used.',
    ),
    operationDuration: histogram(
      'gen_ai.client.operation.duration',
      's',
      OPERATION_DURATION_BOUNDARIES,
      'GenAI operation duration.',
    ),
    timeToFirstToken: histogram(
      'gen_ai.server.time_to_first_token',
      's',
      TIME_TO_FIRST_TOKEN_BOUNDARIES,
      'Time to generate first token for successful responses.',
    ),
    requestDuration: histogram(
      'rag.request.duration',
      's',
      DEFAULT_BUCKETS.requestDuration,
      'Duration of RAG requests, retrieval and generation included.',
    ),
    cost: meter.createCounter('rag.cost', {
      description: 'Spend on model calls, from the price table or recorded costs.',
      unit: '{USD}',
    }),
    cacheLookups: meter.createCounter('rag.cache.lookups', {
      description: 'Cache lookups by result (hit or miss).',
      unit: '{lookup}',
    }),
    relevance: histogram(
      'rag.relevance.score',
      '1',
      DEFAULT_BUCKETS.score,
      'Relevance of answers, 0 to 1.',
    ),
    contextPrecision: histogram(
      'rag.context.precision',
      '1',
      DEFAULT_BUCKETS.score,
      'Share of retrieved context the answer used, 0 to 1.',
    ),
  };
}
