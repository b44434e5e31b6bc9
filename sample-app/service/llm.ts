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
  /** The raw response headers, for the `x-ratelimit-*` quota headers. */
  readonly headers: Headers;
}

/** Where the provider's usage goes: the request's `RagContext` reads it from the SDK's objects. */
export interface UsageRecorder {
  /** Records a whole (non-streamed) completion: `rag.recordUsage`. */
  recordUsage(completion: unknown): void;
  /** Wraps a stream; records its final usage chunk and marks the first token: `rag.trackStream`. */
  trackStream<T>(stream: AsyncIterable<T>): AsyncIterable<T>;
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
    usage: UsageRecorder,
    signal?: AbortSignal,
  ): Promise<LlmReply> {
    const { data, response } = await this.client.chat.completions
      .create({ model, messages }, { signal })
      .withResponse();
    usage.recordUsage(data);
    return {
      text: data.choices[0]?.message.content ?? '',
      model: data.model,
      headers: response.headers,
    };
  }

  async stream(
    model: string,
    messages: ChatCompletionMessageParam[],
    usage: UsageRecorder,
    hooks: StreamHooks,
  ): Promise<LlmReply> {
    const { data: stream, response } = await this.client.chat.completions
      .create(
        // With include_usage, the last chunk has no choices and carries the whole call's usage.
        { model, messages, stream: true, stream_options: { include_usage: true } },
        { signal: hooks.signal },
      )
      .withResponse();
    let text = '';
    let answeredBy = model;
    for await (const chunk of usage.trackStream(stream)) {
      answeredBy = chunk.model || answeredBy;
      const token = chunk.choices[0]?.delta.content;
      if (token) {
        text += token;
        hooks.onToken(token);
      }
    }
    return { text, model: answeredBy, headers: response.headers };
  }
}
