import type { ChatMessageText } from './tokenizer';

/** The parts of a Chat Completions request body the simulator honours. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: ChatMessageText[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly maxTokens: number | undefined;
}

/** A request the API would reject with 400, with OpenAI's wording style. */
export class InvalidChatRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null,
  ) {
    super(message);
    this.name = 'InvalidChatRequest';
  }
}

/** Checks a parsed JSON body the way the real endpoint does, and flattens message content to text. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isRecord(body))
    throw new InvalidChatRequest('The request body must be a JSON object.', null);
  const { model, messages, stream, stream_options, max_tokens, max_completion_tokens } = body;
  if (typeof model !== 'string' || model === '') {
    throw new InvalidChatRequest('you must provide a model parameter', 'model');
  }
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidChatRequest("'messages' must be a non-empty array.", 'messages');
  }
  const maxTokens = max_completion_tokens ?? max_tokens;
  if (maxTokens !== undefined && maxTokens !== null && !isPositiveInteger(maxTokens)) {
    throw new InvalidChatRequest("'max_tokens' must be a positive integer.", 'max_tokens');
  }
  return {
    model,
    messages: messages.map((message, index) => parseMessage(message, index)),
    stream: stream === true,
    includeUsage: isRecord(stream_options) && stream_options.include_usage === true,
    maxTokens: isPositiveInteger(maxTokens) ? maxTokens : undefined,
  };
}

function parseMessage(message: unknown, index: number): ChatMessageText {
  const param = `messages[${index}]`;
  if (!isRecord(message) || typeof message.role !== 'string') {
    throw new InvalidChatRequest(`'${param}.role' is required.`, param);
  }
  const { content } = message;
  if (typeof content === 'string') return { role: message.role, content };
  if (Array.isArray(content)) {
    // Content parts: only text parts count towards the prompt here.
    const text = content
      .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
      .join('');
    return { role: message.role, content: text };
  }
  throw new InvalidChatRequest(`'${param}.content' must be a string or an array.`, param);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
