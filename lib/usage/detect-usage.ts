import { fromAiSdkResult } from './ai-sdk';
import { fromAnthropicMessage } from './anthropic';
import { type DetectedUsage, isRecord } from './fields';
import { fromGemini } from './gemini';
import { fromLangChainMessage } from './langchain';
import { fromMistralSdk } from './mistral';
import { fromChatCompletion, fromResponsesApi } from './openai';

// Most specific first: the Responses API and Anthropic both say `usage.input_tokens`, and Mistral's
// SDK and AI SDK v4 both say `usage.promptTokens`; each reader checks what tells it apart.
const READERS = [
  fromChatCompletion,
  fromResponsesApi,
  fromAiSdkResult,
  fromMistralSdk,
  fromGemini,
  fromLangChainMessage,
  fromAnthropicMessage,
] as const;

/**
 * Reads the usage of one LLM call from a client's response, or from an SDK's `{ data, response }`
 * (`.withResponse()`); `undefined` when the shape is not one this package knows.
 */
export function detectUsage(response: unknown): DetectedUsage | undefined {
  if (!isRecord(response)) return undefined;
  for (const read of READERS) {
    const usage = read(response);
    if (usage !== undefined) return usage;
  }
  // `{ data, response }` from `.withResponse()`; own properties only (Gemini's `data` is a getter).
  if (!Object.hasOwn(response, 'data') || !Object.hasOwn(response, 'response')) return undefined;
  return detectUsage(response.data);
}

/** What a rejected response looked like, short enough for a warning. */
export function describeShape(value: unknown): string {
  if (!isRecord(value)) return typeof value;
  const keys = Object.keys(value).slice(0, 8);
  return `an object with keys ${keys.join(', ') || '(none)'}`;
}
