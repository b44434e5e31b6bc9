import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Passage } from './documents';

/**
 * Kept identical across requests on purpose: providers cache a shared prompt prefix, so a stable
 * system prompt is what makes `cached_input` tokens (cheaper) show up.
 */
export const SYSTEM_PROMPT = [
  'You are the support assistant for Quillstack, a self-hosted team wiki and documentation platform.',
  "Answer the user's question using only the numbered documentation passages in the user message.",
  'After each sentence, cite the passage it comes from as [n], where n is the passage number.',
  "If the passages do not contain the answer, say that you don't know; never guess.",
  'Be brief and precise. Do not invent settings, commands, prices or limits that the passages do not state.',
].join(' ');

/** The chat messages for one question: the system prompt, then the passages and the question. */
export function buildMessages(
  question: string,
  passages: readonly Passage[],
): ChatCompletionMessageParam[] {
  const context = passages
    .map(
      (passage, index) =>
        `[${index + 1}] Source: ${passage.title} › ${passage.heading}\n${passage.text}`,
    )
    .join('\n\n');
  const user =
    passages.length > 0
      ? `Documentation passages:\n\n${context}\n\nQuestion: ${question}`
      : `No documentation passages matched.\n\nQuestion: ${question}`;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

/** The passage numbers (1-based) an answer cites as [n], limited to those that exist. */
export function citedPassages(answer: string, passageCount: number): Set<number> {
  const cited = new Set<number>();
  for (const match of answer.matchAll(/\[(\d+)\]/g)) {
    const number = Number(match[1]);
    if (number >= 1 && number <= passageCount) cited.add(number);
  }
  return cited;
}
