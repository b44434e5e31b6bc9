import MiniSearch from 'minisearch';
import { STOP_WORDS } from '../shared/words';
import type { Passage } from './documents';

/** A passage found for a question, with its BM25 score and that score mapped to 0..1. */
export interface RetrievedPassage {
  readonly passage: Passage;
  readonly score: number;
  readonly relevance: number;
}

export interface RetrieverOptions {
  /** Passages returned per question. @default 4 */
  readonly topK?: number;
  /**
   * The BM25 score that maps to relevance 0.5; relevance is `score / (score + halfScore)`, so it
   * rises quickly for the first matching terms and saturates towards 1. Calibrated on the shipped
   * docs, where a passage that answers a question scores about 25 to 300 and an off-topic match under 10.
   * @default 20
   */
  readonly halfScore?: number;
}

/**
 * BM25 full-text retrieval over the passages (MiniSearch), with title and heading boosted since
 * they summarise a section.
 */
export class Retriever {
  private readonly index: MiniSearch<Passage>;
  private readonly byId: Map<string, Passage>;
  private readonly topK: number;
  private readonly halfScore: number;

  constructor(passages: readonly Passage[], options: RetrieverOptions = {}) {
    this.topK = options.topK ?? 4;
    this.halfScore = options.halfScore ?? 20;
    this.byId = new Map(passages.map((passage) => [passage.id, passage]));
    this.index = new MiniSearch<Passage>({
      fields: ['title', 'heading', 'text'],
      processTerm: (term) => {
        const lower = term.toLowerCase();
        return STOP_WORDS.has(lower) ? null : lower;
      },
      searchOptions: { boost: { title: 2, heading: 1.5 }, prefix: true, fuzzy: 0.15 },
    });
    this.index.addAll([...passages]);
  }

  get size(): number {
    return this.byId.size;
  }

  search(question: string): RetrievedPassage[] {
    const results: RetrievedPassage[] = [];
    for (const result of this.index.search(question).slice(0, this.topK)) {
      const passage = this.byId.get(String(result.id));
      if (!passage) continue;
      results.push({ passage, score: result.score, relevance: this.normalise(result.score) });
    }
    return results;
  }

  private normalise(score: number): number {
    return score > 0 ? score / (score + this.halfScore) : 0;
  }
}
