import type { GuardrailResult } from 'rag-metrics';
import { citedPassages } from './prompt';

/**
 * Cheap, local answer-quality checks for the sample service (issue 10). Real services would call
 * a moderation API or an evaluator (RAGAS and the like); these stand in with the same outputs.
 */

/** Name of the input guardrail, as it appears in `rag_guardrail_actions_total{guardrail}`. */
export const INPUT_GUARDRAIL = 'blocked_words';

/** Phrases the input filter refuses to pass to the model: prompt injection and secrets fishing. */
const BLOCKED_PHRASES = [
  'ignore previous instructions',
  'ignore all previous instructions',
  'system prompt',
  'admin password',
];

/** The answer a blocked question gets, without a model call. */
export const BLOCKED_ANSWER = "I can't help with that request.";

/** A trivial input guardrail: blocks questions that contain a blocked phrase. */
export function checkInput(question: string): GuardrailResult {
  const lower = question.toLowerCase();
  const blocked = BLOCKED_PHRASES.some((phrase) => lower.includes(phrase));
  return { name: INPUT_GUARDRAIL, action: blocked ? 'blocked' : 'passed' };
}

// The system prompt tells the model to say it doesn't know rather than guess; these are the
// phrasings models use for that.
const REFUSAL = /\b(i don['’]t know|i do not know|i can(?:no|['’])t (?:help|answer))\b/i;

/** Whether the answer declined instead of answering. */
export function isRefusal(answer: string): boolean {
  return REFUSAL.test(answer);
}

/**
 * Faithfulness, approximated: the share (0..1) of the answer's sentences that cite one of the
 * retrieved passages as [n]. An uncited sentence is one the context does not vouch for.
 */
export function faithfulness(answer: string, passageCount: number): number {
  const sentences = answer
    .split(/(?<=[.!?](?:\s*\[\d+\])*)\s+(?=[A-Z"'])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
  if (sentences.length === 0) return 0;
  const grounded = sentences.filter(
    (sentence) => citedPassages(sentence, passageCount).size > 0,
  ).length;
  return grounded / sentences.length;
}
