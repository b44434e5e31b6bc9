/** Token usage in the Chat Completions shape. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number };
}

export function usageOf(prompt: number, completion: number, cached: number): ChatUsage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

export type FinishReason = 'stop' | 'length';

interface Identity {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export function completionBody(
  identity: Identity,
  content: string,
  finishReason: FinishReason,
  usage: ChatUsage,
) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
    system_fingerprint: 'fp_simulated',
  };
}

/**
 * One `chat.completion.chunk`. With `stream_options.include_usage`, every chunk carries
 * `usage: null` and a last chunk with empty `choices` carries the usage.
 */
export function chunkBody(
  identity: Identity,
  delta: { role?: 'assistant'; content?: string },
  finishReason: FinishReason | null,
  includeUsage: boolean,
) {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    system_fingerprint: 'fp_simulated',
    ...(includeUsage ? { usage: null } : {}),
  };
}

export function usageChunkBody(identity: Identity, usage: ChatUsage) {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [],
    system_fingerprint: 'fp_simulated',
    usage,
  };
}
