import type { QualityRecorder } from './quality-recorder';
import { type RecordedFacts, UNSET } from './recorded-facts';
import type { RagSummary } from './types';

/** Everything one request recorded, as the plain object `rag.summary()` returns. */
export function summarise(facts: RecordedFacts, quality: QualityRecorder | undefined): RagSummary {
  const tokens = { input: 0, output: 0, cachedInput: 0 };
  let costUsd = 0;
  for (const totals of facts.usage ?? []) {
    tokens.input += totals.input;
    tokens.output += totals.output;
    tokens.cachedInput += totals.cachedInput;
    costUsd += totals.costUsd;
  }
  const stagesMs: Record<string, number> = {};
  facts.stageNames?.forEach((stage, i) => {
    stagesMs[stage] = (stagesMs[stage] ?? 0) + (facts.stageSeconds?.[i] ?? 0) * 1000;
  });
  const firstTokenAt = facts.firstTokenAt;
  return {
    model: facts.model,
    tokens,
    costUsd,
    cache: {
      hits: facts.cacheHits,
      misses: facts.cacheMisses,
      types: [...(facts.cacheTypes ?? [])],
    },
    relevance: facts.relevanceScores?.at(-1),
    contextPrecision: facts.precisionScores?.at(-1),
    stagesMs,
    timeToFirstTokenMs: firstTokenAt === UNSET ? undefined : firstTokenAt - facts.startedAt,
    errorType: facts.errorType,
    rateLimitHits: facts.rateLimitHits,
    ...quality?.summary(),
  };
}

/** Whether anything at all was recorded (the log line leaves `rag` out if not). */
export function recordedAnything(
  facts: RecordedFacts | undefined,
  quality: QualityRecorder | undefined,
): boolean {
  if (facts === undefined) return quality !== undefined;
  return (
    facts.model !== undefined ||
    facts.errorType !== undefined ||
    facts.firstTokenAt !== UNSET ||
    facts.usage !== undefined ||
    facts.stageNames !== undefined ||
    facts.relevanceScores !== undefined ||
    facts.precisionScores !== undefined ||
    quality !== undefined ||
    facts.cacheHits + facts.cacheMisses + facts.rateLimitHits > 0
  );
}
