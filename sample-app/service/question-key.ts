import { contentWords } from '../shared/words';

/** The exact cache key: the question as asked, only trimmed and with runs of spaces collapsed. */
export function exactKey(question: string): string {
  return question.trim().replace(/\s+/g, ' ');
}

/**
 * The near-duplicate cache key: lower-cased, punctuation and stop words dropped, simple plurals
 * folded, words sorted. "How do I restore a backup?" and "restore backups: how?" share it.
 * It is a cheap stand-in for an embedding-similarity cache, labelled `semantic` like one would be.
 */
export function normalisedKey(question: string): string {
  const terms = new Set(contentWords(question).map(singular));
  return [...terms].sort().join(' ');
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
