import type { TokenUsage } from '../types';
import { describeShape, detectUsage } from './detect-usage';
import type { DetectedUsage } from './fields';

/** What recording usage needs from a request's context. */
export interface UsageSink {
  recordTokens(usage: TokenUsage): void;
  markFirstToken(): void;
  setModel(model: string): void;
}

/** Drops a bad value: counts `invalid_value` and warns once per kind. */
export interface Rejecter {
  rejectValue(kind: string, value: unknown, allowed: string): void;
}

const KNOWN_SHAPES =
  'a response from OpenAI (Chat Completions or Responses), Anthropic Messages, Gemini, Mistral, the Vercel AI SDK or a LangChain message, with its usage';

/** What `rag.recordUsage` and `rag.trackStream` expect, for the warning. */
export const EXPECTED = {
  recordUsage: KNOWN_SHAPES,
  trackStream:
    'a stream whose last chunk or events carry usage (OpenAI: stream_options.include_usage)',
} as const;

/** Records one call's usage, or rejects (counts `invalid_value`) what `shown` describes. */
export function recordDetected(
  usage: DetectedUsage | undefined,
  kind: keyof typeof EXPECTED,
  shown: string,
  sink: UsageSink,
  rejecter: Rejecter,
): void {
  if (usage === undefined) return rejecter.rejectValue(kind, shown, EXPECTED[kind]);
  sink.recordTokens(usage);
}

/** `rag.recordUsage(response)`. */
export function recordUsage(response: unknown, sink: UsageSink, rejecter: Rejecter): void {
  let usage: DetectedUsage | undefined;
  try {
    usage = detectUsage(response);
  } catch {
    // A getter on an SDK object may throw; recording must never break the caller.
    usage = undefined;
  }
  recordDetected(usage, 'recordUsage', describeShape(response), sink, rejecter);
}
