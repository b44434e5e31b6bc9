import type { Attributes } from '@opentelemetry/api';
import type { RequestRecord } from '../request-record';
import type { Instruments } from './instruments';
import type { GenAiConventions } from './semconv';

/** What every record of one bridge shares: its instruments and its GenAI attribute choices. */
export interface BridgeSettings {
  readonly instruments: Instruments;
  readonly conventions: GenAiConventions;
  readonly operationName: string;
  /** The provider of every call, when the app named one; otherwise inferred per model. */
  readonly provider: string | undefined;
}

/** Records one finished request through the bridge's instruments. */
export function recordThroughOtel(settings: BridgeSettings, finished: RequestRecord): void {
  const { instruments } = settings;
  const failed = finished.errorType === undefined ? {} : { 'error.type': finished.errorType };
  instruments.requestDuration.record(finished.durationSeconds, {
    'http.request.method': finished.method,
    'http.route': finished.route,
    'http.response.status_code': finished.statusCode,
    ...failed,
  });
  if (!finished.recordedAnything) return;
  const summary = finished.rag.summary();
  const { model } = summary;
  if (model !== undefined) {
    const { conventions } = settings;
    const genAi: Attributes = {
      'gen_ai.operation.name': settings.operationName,
      [conventions.providerAttribute]: settings.provider ?? conventions.providerOf(model),
      'gen_ai.request.model': model,
    };
    for (const type of ['input', 'output'] as const) {
      const tokens = summary.tokens[type];
      if (tokens > 0)
        instruments.tokenUsage.record(tokens, { ...genAi, 'gen_ai.token.type': type });
    }
    // The model call is the `generation` stage; a request that did not time it has no duration.
    const generationMs = summary.stagesMs.generation;
    if (generationMs !== undefined) {
      instruments.operationDuration.record(generationMs / 1000, { ...genAi, ...failed });
    }
    // The convention measures successful responses only.
    if (summary.timeToFirstTokenMs !== undefined && finished.errorType === undefined) {
      instruments.timeToFirstToken.record(summary.timeToFirstTokenMs / 1000, genAi);
    }
    if (summary.costUsd > 0) {
      instruments.cost.add(summary.costUsd, { 'gen_ai.request.model': model });
    }
  }
  const route = { 'http.route': finished.route };
  for (const [result, count] of [
    ['hit', summary.cache.hits],
    ['miss', summary.cache.misses],
  ] as const) {
    if (count > 0) instruments.cacheLookups.add(count, { ...route, 'rag.cache.result': result });
  }
  if (summary.relevance !== undefined) instruments.relevance.record(summary.relevance, route);
  if (summary.contextPrecision !== undefined) {
    instruments.contextPrecision.record(summary.contextPrecision, route);
  }
}
