/**
 * Answer-quality facts (issue 10): retrieval depth and misses, evaluation scores, refusals,
 * guardrail decisions and user feedback. Every label they feed is a small, bounded set.
 */

/** One retrieval's result, for `rag.recordRetrieval()`. */
export interface RetrievalResult {
  /** Documents (passages, chunks) the retrieval returned: an integer ≥ 0. 0 counts as an empty retrieval. */
  readonly documents: number;
  /**
   * Score of the best document, normalised to 0..1 (cosine similarity of unit vectors, a reranker's
   * probability, or a BM25 score mapped with `score / (score + k)`). Ignored when `documents` is 0.
   */
  readonly topScore?: number | undefined;
  /**
   * A bounded name for the index or collection searched, e.g. `docs`, `tickets`.
   * @default 'default'
   */
  readonly source?: string | undefined;
}

/** What a guardrail did with a request or an answer. */
export type GuardrailAction = 'blocked' | 'flagged' | 'passed';

/** One guardrail decision, for `rag.recordGuardrail()`. */
export interface GuardrailResult {
  /** A bounded name for the guardrail, e.g. `pii`, `prompt_injection`, `blocked_words`. */
  readonly name: string;
  readonly action: GuardrailAction;
}

/** A user's verdict on an answer (thumbs up or down). */
export type FeedbackRating = 'positive' | 'negative';

/** One piece of user feedback, for `metrics.recordFeedback()`; it usually arrives in a later request. */
export interface Feedback {
  readonly rating: FeedbackRating;
  /** Route template of the request that produced the answer, e.g. `/ask`. @default 'unknown' */
  readonly route?: string | undefined;
  /** Model that produced the answer. @default 'unknown' */
  readonly model?: string | undefined;
}

/** What `summary().retrieval` reports for a request that recorded retrievals. */
export interface RetrievalSummary {
  /** Retrievals recorded. */
  queries: number;
  /** Documents returned, all retrievals together. */
  documents: number;
  /** Retrievals that returned nothing. */
  empty: number;
  /** The top score of the last retrieval that had one. */
  topScore: number | undefined;
}

/** The guardrail actions, in the order the `action` label documents them. */
export const GUARDRAIL_ACTIONS: readonly GuardrailAction[] = ['blocked', 'flagged', 'passed'];
/** The feedback ratings. */
export const FEEDBACK_RATINGS: readonly FeedbackRating[] = ['positive', 'negative'];
/**
 * Evaluation names with a known meaning (RAGAS and similar evaluators). Any other bounded name
 * works too; these are listed so dashboards and teams agree on spelling.
 */
export const KNOWN_EVALUATIONS = [
  'faithfulness',
  'answer_relevancy',
  'context_recall',
  'context_precision',
  'answer_correctness',
  'groundedness',
] as const;
