import { contentWords } from '../shared/words';
import type { ModelProfile } from './models';

/**
 * Writes the simulated model's answer from the prompt, the way an instructed model would: it
 * quotes the context passages that share the most words with the question and cites them as [n].
 * The prompt convention it reads: passages on lines that start with `[n] `, and the question after
 * a line starting with `Question:`. Anything else is answered generically.
 */
export function writeAnswer(prompt: string, model: ModelProfile): string {
  const question = questionOf(prompt);
  const passages = passagesOf(prompt);
  const terms = new Set(contentWords(question));
  const scored = passages
    .map((passage) => ({ ...passage, overlap: overlap(terms, passage.text) }))
    .filter((passage) => passage.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.number - b.number);
  const best = scored[0];
  if (!best) {
    return passages.length > 0
      ? "I don't know: the documentation passages I was given do not cover that question."
      : `Here is a general answer to "${question.slice(0, 80)}": it depends on your setup.`;
  }
  // Quote the passages that are about as relevant as the best one, as a careful model would.
  const quoted = scored
    .filter((passage) => passage.overlap * 2 >= best.overlap)
    .slice(0, model.maxQuotedPassages);
  const sentences = quoted.map(
    (passage) => `${bestSentence(terms, passage.text)} [${passage.number}]`,
  );
  return sentences.join(' ');
}

interface Passage {
  readonly number: number;
  readonly text: string;
}

function questionOf(prompt: string): string {
  const at = prompt.lastIndexOf('\nQuestion:');
  if (at >= 0) return prompt.slice(at + '\nQuestion:'.length).trim();
  return prompt.trim();
}

function passagesOf(prompt: string): Passage[] {
  const passages: Passage[] = [];
  const end = prompt.lastIndexOf('\nQuestion:');
  const body = end >= 0 ? prompt.slice(0, end) : prompt;
  for (const block of body.split(/\n(?=\[\d+\] )/)) {
    const match = /^\[(\d+)\] ([\s\S]*)$/.exec(block.trim());
    // A passage may start with a `Source: …` line naming where it came from; that is not prose.
    const text = match?.[2]?.replace(/^Source:.*\n/, '');
    if (match?.[1] && text) passages.push({ number: Number(match[1]), text });
  }
  return passages;
}

function overlap(terms: ReadonlySet<string>, text: string): number {
  return new Set(contentWords(text).filter((word) => terms.has(word))).size;
}

function bestSentence(terms: ReadonlySet<string>, text: string): string {
  // A sentence ends at . ! or ? followed by a space, so `backup.retention_days` stays whole.
  const sentences = text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?]) /)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0 && !sentence.startsWith('#'));
  let best = sentences[0] ?? text;
  let bestOverlap = -1;
  for (const sentence of sentences) {
    const score = overlap(terms, sentence);
    if (score > bestOverlap) {
      best = sentence;
      bestOverlap = score;
    }
  }
  return best.replace(/[.!?]?$/, '.');
}
