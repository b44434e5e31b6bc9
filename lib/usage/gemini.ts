import { count, type DetectedUsage, type Fields, isNumber, record, text } from './fields';

/**
 * A Google Gemini `GenerateContentResponse` (or stream chunk): `promptTokenCount` includes
 * `cachedContentTokenCount`; thinking tokens (`thoughtsTokenCount`) are billed as output, and the
 * prompt of tool use (`toolUsePromptTokenCount`) as input.
 */
export function fromGemini(response: Fields): DetectedUsage | undefined {
  const usage = record(response, 'usageMetadata');
  if (usage === undefined) return undefined;
  if (!isNumber(usage.promptTokenCount) && !isNumber(usage.candidatesTokenCount)) return undefined;
  return {
    model: text(response.modelVersion),
    provider: 'google',
    input: count(usage.promptTokenCount) + count(usage.toolUsePromptTokenCount),
    output: count(usage.candidatesTokenCount) + count(usage.thoughtsTokenCount),
    cachedInput: count(usage.cachedContentTokenCount),
    cacheWrite: 0,
  };
}
