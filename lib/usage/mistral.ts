import { count, type DetectedUsage, type Fields, isNumber, record, text } from './fields';

/**
 * The Mistral TypeScript SDK (v1+), which turns the REST API's `prompt_tokens` into camelCase
 * `promptTokens`. (Mistral's REST shape itself is OpenAI's, read by `fromChatCompletion`.)
 */
export function fromMistralSdk(response: Fields): DetectedUsage | undefined {
  const usage = record(response, 'usage');
  if (usage === undefined || !isNumber(usage.promptTokens)) return undefined;
  // Extra fields pass through the SDK unconverted, so cached tokens may come in either case.
  const details = record(usage, 'promptTokensDetails') ?? record(usage, 'prompt_tokens_details');
  return {
    model: text(response.model),
    provider: 'mistral',
    input: usage.promptTokens,
    output: count(usage.completionTokens),
    cachedInput: count(details?.cachedTokens ?? details?.cached_tokens),
    cacheWrite: 0,
  };
}
