import { count, type DetectedUsage, type Fields, isNumber, record, text } from './fields';

/**
 * Anthropic's `usage`, whose `input_tokens` EXCLUDES cache reads and cache writes: the input the
 * call billed is the sum of the three. Cache reads are priced at the cached rate, cache writes at
 * the cache-write rate.
 */
export function fromAnthropicUsage(usage: Fields, model?: string): DetectedUsage | undefined {
  if (!isNumber(usage.input_tokens)) return undefined;
  const cachedInput = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  return {
    model,
    provider: 'anthropic',
    input: usage.input_tokens + cachedInput + cacheWrite,
    output: count(usage.output_tokens),
    cachedInput,
    cacheWrite,
  };
}

/** An Anthropic Messages response (`type: "message"`). */
export function fromAnthropicMessage(response: Fields): DetectedUsage | undefined {
  const usage = record(response, 'usage');
  return usage === undefined ? undefined : fromAnthropicUsage(usage, text(response.model));
}
