import { count, type DetectedUsage, type Fields, isNumber, record, text } from './fields';

/**
 * OpenAI Chat Completions, and the many OpenAI-compatible APIs that copy it (Mistral's REST API,
 * vLLM, Ollama, …): `prompt_tokens` already includes `prompt_tokens_details.cached_tokens`.
 */
export function fromChatCompletion(response: Fields): DetectedUsage | undefined {
  const usage = record(response, 'usage');
  if (usage === undefined || !isNumber(usage.prompt_tokens)) return undefined;
  return {
    model: text(response.model),
    // A hint only: OpenAI-compatible APIs copy this shape, and names OpenAI does not serve are
    // then looked up without it.
    provider: 'openai',
    input: usage.prompt_tokens,
    output: count(usage.completion_tokens),
    cachedInput: count(record(usage, 'prompt_tokens_details')?.cached_tokens),
    cacheWrite: 0,
  };
}

/**
 * The OpenAI Responses API (`object: "response"`): `input_tokens` includes
 * `input_tokens_details.cached_tokens`. Anthropic also says `input_tokens`, so the Responses shape is
 * told apart by its `input_tokens_details` or its `object`.
 */
export function fromResponsesApi(response: Fields): DetectedUsage | undefined {
  const usage = record(response, 'usage');
  if (usage === undefined || !isNumber(usage.input_tokens)) return undefined;
  const details = record(usage, 'input_tokens_details');
  if (details === undefined && response.object !== 'response') return undefined;
  return {
    model: text(response.model),
    provider: 'openai',
    input: usage.input_tokens,
    output: count(usage.output_tokens),
    cachedInput: count(details?.cached_tokens),
    cacheWrite: 0,
  };
}
