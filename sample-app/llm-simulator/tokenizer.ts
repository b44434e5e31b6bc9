/**
 * A deterministic approximation of a BPE tokenizer, so that the simulator's token counts follow the
 * real prompt and answer text without shipping a vocabulary.
 *
 * It is NOT OpenAI's tokenizer: one token per word (with its leading whitespace), per group of up
 * to three digits, and per punctuation mark; words longer than 8 letters count one token per 6
 * letters. On English prose that lands near the usual "4 characters per token" rule of thumb.
 */
const PIECE = /\s*[A-Za-z]+|\s*\d{1,3}|\s*[^\sA-Za-z\d]|\s+/g;
const LONG_WORD = 8;
const LONG_WORD_CHUNK = 6;

/** Splits text into token strings whose concatenation is the text itself (streaming relies on it). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const piece of text.match(PIECE) ?? []) {
    const word = piece.trimStart();
    if (!/^[A-Za-z]+$/.test(word) || word.length <= LONG_WORD) {
      tokens.push(piece);
      continue;
    }
    const lead = piece.slice(0, piece.length - word.length);
    for (let i = 0; i < word.length; i += LONG_WORD_CHUNK) {
      tokens.push((i === 0 ? lead : '') + word.slice(i, i + LONG_WORD_CHUNK));
    }
  }
  return tokens;
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Chat framing overhead, as OpenAI's cookbook counts it: 3 tokens per message, 3 to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_REPLY_PRIMER = 3;

export interface ChatMessageText {
  readonly role: string;
  readonly content: string;
}

/** The prompt as a flat token list (framing included), for counting and prefix caching. */
export function promptTokens(messages: readonly ChatMessageText[]): string[] {
  const tokens: string[] = [];
  for (const message of messages) {
    tokens.push(...framing(`<|${message.role}|>`, TOKENS_PER_MESSAGE));
    tokens.push(...tokenize(message.content));
  }
  tokens.push(...framing('<|reply|>', TOKENS_REPLY_PRIMER));
  return tokens;
}

function framing(marker: string, count: number): string[] {
  return Array.from({ length: count }, () => marker);
}
