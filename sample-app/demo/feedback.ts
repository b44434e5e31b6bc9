import type { Random } from '../llm-simulator/rng';

/** The part of an `/ask` answer a simulated user looks at before rating it. */
export interface RatedAnswer {
  readonly answer: string;
  readonly model: string;
  readonly sources: readonly { readonly cited: boolean }[];
}

/** Share of answers users rate at all: most never click thumbs up or down. */
const RATED_SHARE = 0.3;
/** Share of ratings that go against the answer's quality (a misclick, a different expectation). */
const NOISE = 0.1;

/**
 * How a simulated user rates an answer, or `undefined` for no rating: a thumbs up for an answer
 * that cites the docs, a thumbs down for one that cites nothing (a refusal, a generic answer).
 */
export function ratingFor(
  result: RatedAnswer,
  random: Random,
): 'positive' | 'negative' | undefined {
  if (random() >= RATED_SHARE) return undefined;
  const good = result.sources.some((source) => source.cited);
  const flipped = random() < NOISE;
  return good !== flipped ? 'positive' : 'negative';
}
