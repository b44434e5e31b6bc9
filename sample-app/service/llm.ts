import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export interface LlmConfig {
  /** An OpenAI-compatible base URL; the simulator's, or a real provider's. */
  readonly baseURL: string | undefined;
  readonly apiKey: string;
  /**
   * SDK retries on 429 and 5xx. The demo uses 0 so that the simulator's injected failures reach the
   * dashboards; a production service would usually keep the SDK default of 2.
   */
  readonly maxRetries: number;
  readonly timeoutMs: number;
}

/** Tokens as the provider billed them; `cachedInput` is part of `input`. */
export interface LlmUsage {
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number;
}

export interface LlmReply {
  readonly text: string;
  /** The model the provider says answered (often a dated snapshot of the one asked for). */
  readonly model: string;
  readonly usage: LlmUsage;
  /** The raw response headers, for the `x-ratelimit-*` quota headers. */
  readonly headers: Headers;
}

export interface StreamHooks {
  /** Called with each piece of answer text as it arrives. */
  readonly onToken: (token: string) => void;
  readonly signal?: AbortSignal | undefined;
}

/** The one place the app talks to the model, through the official `openai` client. */
export class Llm {
  private readonly client: OpenAI;

  constructor(config: LlmConfig) {
    this.client = new OpenAI({
      baseURL: config.baseURL,
      apiKey: config.apiKey,
      maxRetries: config.maxRetries,
      timeout: config.timeoutMs,
    });
  }

  async complete(
    model: string,
    messages: ChatCompletionMessageParam[],
    signal?: AbortSignal,
  ): Promise<LlmReply> {
    const { data, response } = await this.client.chat.completions
      .create({ model, messages }, { signal })
      .withResponse();
    return {
      text: data.choices[0]?.message.content ?? '',
      model: data.model,
      usage: usageOf(data.usage),
      headers: response.headers,
    };
  }

  async stream(
    model: string,
    messages: ChatCompletionMessageParam[],
    hooks: StreamHooks,
  ): Promise<LlmReply> {
    const { data: stream, response } = await this.client.chat.completions
      .create(
        { model, messages, stream: true, stream_options: { include_usage: true } },
        { signal: hooks.signal },
      )
      .withResponse();
    let text = '';
    let answeredBy = model;
    let usage: LlmUsage = { input: 0, output: 0, cachedInput: 0 };
    for await (const chunk of stream) {
      answeredBy = chunk.model || answeredBy;
      const token = chunk.choices[0]?.delta.content;
      if (token) {
        text += token;
        hooks.onToken(token);
      }
      // With include_usage, the last chunk has no choices and carries the whole call's usage.
      if (chunk.usage) usage = usageOf(chunk.usage);
    }
    return { text, model: answeredBy, usage, headers: response.headers };
  }
}

function usageOf(usage: OpenAI.CompletionUsage | undefined | null): LlmUsage {
  return {
    input: usage?.prompt_tokens ?? 0,
    output: usage?.completion_tokens ?? 0,
    cachedInput: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}
