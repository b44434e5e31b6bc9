import { fromAiSdkUsage } from './ai-sdk';
import { fromAnthropicUsage } from './anthropic';
import { detectUsage } from './detect-usage';
import { type DetectedUsage, type Fields, isRecord, record, text } from './fields';

/**
 * What a stream told about its usage so far. Streams report usage in one of three ways:
 * - a final chunk carrying the whole call's usage (OpenAI with `include_usage`, Mistral, Gemini's
 *   last chunk, the Responses API's `response.completed`): the latest one wins;
 * - Anthropic events: `message_start` carries input and cache tokens, each `message_delta` the
 *   cumulative counts so far (output at least), which overwrite the start's;
 * - AI SDK `fullStream` parts: `finish-step` per step, `finish` with the total.
 */
export class StreamUsage {
  private latest: DetectedUsage | undefined = undefined;
  private anthropic: Record<string, unknown> | undefined = undefined;
  private steps: DetectedUsage | undefined = undefined;
  private model: string | undefined = undefined;

  /** Reads one chunk; returns whether it carried content (text, reasoning or a tool call). */
  observe(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    // Mistral's SDK wraps each server-sent event as `{ data: chunk }`. Only an own `data` counts:
    // Gemini's response class has a `data` getter that logs a warning when read.
    const event = Object.hasOwn(chunk, 'data') && isRecord(chunk.data) ? chunk.data : chunk;
    switch (event.type) {
      case 'message_start':
        return this.anthropicStart(event);
      case 'message_delta':
        return this.anthropicDelta(event);
      case 'content_block_delta':
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.function_call_arguments.delta':
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
        return true;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.latest = detectUsage(event.response) ?? this.latest;
        return false;
      case 'finish-step':
        return this.aiSdkStep(event);
      case 'finish':
        return this.aiSdkFinish(event);
      default:
        this.model = text(event.model) ?? text(event.modelVersion) ?? this.model;
        this.latest = detectUsage(event) ?? this.latest;
        return hasContent(event);
    }
  }

  /** The model the chunks named, even if no usage came (a stream stopped early). */
  get modelSeen(): string | undefined {
    return this.model;
  }

  /** The usage seen so far, on the package's definition; `undefined` if none was reported. */
  result(): DetectedUsage | undefined {
    if (this.latest !== undefined)
      return { ...this.latest, model: this.latest.model ?? this.model };
    if (this.anthropic !== undefined) return fromAnthropicUsage(this.anthropic, this.model);
    return this.steps;
  }

  private anthropicStart(event: Fields): boolean {
    const message = record(event, 'message');
    this.model = text(message?.model) ?? this.model;
    this.anthropic = { ...record(message, 'usage') };
    return false;
  }

  private anthropicDelta(event: Fields): boolean {
    const usage = record(event, 'usage');
    if (usage === undefined) return false;
    const merged: Record<string, unknown> = { ...this.anthropic };
    for (const [key, value] of Object.entries(usage))
      if (typeof value === 'number') merged[key] = value;
    this.anthropic = merged;
    return false;
  }

  private aiSdkStep(event: Fields): boolean {
    this.model = text(record(event, 'response')?.modelId) ?? this.model;
    const usage = record(event, 'usage');
    const step = usage === undefined ? undefined : fromAiSdkUsage(usage, this.model);
    if (step === undefined) return false;
    const sum = this.steps;
    this.steps =
      sum === undefined
        ? step
        : {
            model: step.model,
            input: sum.input + step.input,
            output: sum.output + step.output,
            cachedInput: sum.cachedInput + step.cachedInput,
            cacheWrite: sum.cacheWrite + step.cacheWrite,
          };
    return false;
  }

  private aiSdkFinish(event: Fields): boolean {
    const usage = record(event, 'totalUsage') ?? record(event, 'usage');
    const total = usage === undefined ? undefined : fromAiSdkUsage(usage, this.model);
    if (total !== undefined) this.latest = total;
    return false;
  }
}

/** A Chat Completions chunk with a delta, or a Gemini chunk with a part, that says something. */
function hasContent(chunk: Fields): boolean {
  const choices = chunk.choices;
  if (Array.isArray(choices)) {
    return choices.some((choice: unknown) => {
      const delta = record(choice, 'delta');
      return (
        text(delta?.content) !== undefined ||
        text(delta?.refusal) !== undefined ||
        (Array.isArray(delta?.tool_calls) && delta.tool_calls.length > 0) ||
        (Array.isArray(delta?.toolCalls) && delta.toolCalls.length > 0)
      );
    });
  }
  const candidates = chunk.candidates;
  if (Array.isArray(candidates)) {
    return candidates.some((candidate: unknown) => {
      const parts = record(record(candidate, 'content'), 'parts');
      return Array.isArray(parts) && parts.length > 0;
    });
  }
  return false;
}
