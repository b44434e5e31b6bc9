/**
 * The work a RAG-shaped route does, without any instrumentation: rank a small in-memory corpus
 * against the question (retrieval), then build an answer from the best passages (generation).
 * It is deliberately CPU-only and deterministic, so that both variants of the RAG comparison do
 * exactly the same work and the only difference is the recording around it.
 */

const DIMENSIONS = 16;
const CORPUS_SIZE = 64;
const TOP_K = 4;

function vector(seed: number): Float64Array {
  const v = new Float64Array(DIMENSIONS);
  for (let i = 0; i < DIMENSIONS; i++) v[i] = Math.sin(seed * 31 + i * 7);
  return v;
}

const CORPUS = Array.from({ length: CORPUS_SIZE }, (_, i) => ({
  id: i,
  text: `passage ${i} about retrieval-augmented generation`,
  embedding: vector(i),
}));

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export interface Passage {
  readonly id: number;
  readonly text: string;
  readonly score: number;
}

/** Stage 1: the top passages for a question. */
export function retrieve(question: string): Passage[] {
  const query = vector(question.length);
  return CORPUS.map((doc) => ({ id: doc.id, text: doc.text, score: dot(query, doc.embedding) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_K);
}

/** Stage 2: an answer built from the passages, with what an LLM client would report. */
export function generate(
  question: string,
  passages: readonly Passage[],
): { answer: string; promptTokens: number; completionTokens: number } {
  const answer = `Answer to "${question}" from ${passages.map((p) => p.id).join(', ')}`;
  return { answer, promptTokens: 120 + passages.length * 50, completionTokens: 40 };
}

export const QUESTION = 'what is rag?';
