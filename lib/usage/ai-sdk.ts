import { count, type DetectedUsage, type Fields, isNumber, isRecord, record, text } from './fields';

/**
 * A Vercel AI SDK usage object. v5+: `inputTokens` (all input, cached included),
 * `cachedInputTokens`, and from v6 `inputTokenDetails.{cacheReadTokens,cacheWriteTokens}`;
 * v4 and earlier: `promptTokens`/`completionTokens`.
 */
export function fromAiSdkUsage(usage: Fields, model?: string): DetectedUsage | undefined {
  if (isNumber(usage.inputTokens) || isNumber(usage.outputTokens)) {
    const details = record(usage, 'inputTokenDetails');
    return {
      model,
      input: count(usage.inputTokens),
      output: count(usage.outputTokens),
      cachedInput: count(details?.cacheReadTokens ?? usage.cachedInputTokens),
      cacheWrite: count(details?.cacheWriteTokens),
    };
  }
  if (isNumber(usage.promptTokens)) {
    return {
      model,
      input: usage.promptTokens,
      output: count(usage.completionTokens),
      cachedInput: 0,
      cacheWrite: 0,
    };
  }
  return undefined;
}

/**
 * A `generateText`/`generateObject` result: `totalUsage` (all steps) when there, else `usage`;
 * the model from `response.modelId`. Mistral's SDK also says `promptTokens`, so a result without
 * AI SDK-only fields (`inputTokens`, `response`) is left to `fromMistralSdk`.
 */
export function fromAiSdkResult(result: Fields): DetectedUsage | undefined {
  const usage = record(result, 'totalUsage') ?? record(result, 'usage');
  if (usage === undefined) return undefined;
  const response = result.response;
  if (!isNumber(usage.inputTokens) && !isNumber(usage.outputTokens) && !isRecord(response)) {
    return undefined;
  }
  return fromAiSdkUsage(usage, text(record(result, 'response')?.modelId));
}
