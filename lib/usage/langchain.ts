import { count, type DetectedUsage, type Fields, isNumber, record, text } from './fields';

/**
 * A LangChain.js `AIMessage` (`usage_metadata`): LangChain normalises every provider so that
 * `input_tokens` includes `input_token_details.cache_read` and `.cache_creation`.
 */
export function fromLangChainMessage(message: Fields): DetectedUsage | undefined {
  const usage = record(message, 'usage_metadata');
  if (usage === undefined || !isNumber(usage.input_tokens)) return undefined;
  const details = record(usage, 'input_token_details');
  const metadata = record(message, 'response_metadata');
  return {
    model: text(metadata?.model_name) ?? text(metadata?.model),
    input: usage.input_tokens,
    output: count(usage.output_tokens),
    cachedInput: count(details?.cache_read),
    cacheWrite: count(details?.cache_creation),
  };
}
