import { LRUCache } from 'lru-cache';
import { exactKey, normalisedKey } from './question-key';

/** What is cached: the answer as built for the first asker, without that request's usage. */
export interface CachedAnswer {
  readonly answer: string;
  readonly sources: readonly AnswerSource[];
  readonly model: string;
}

export interface AnswerSource {
  readonly id: string;
  readonly title: string;
  readonly heading: string;
  /** 1-based position in the prompt, the number the answer cites as [n]. */
  readonly citation: number;
  readonly relevance: number;
  /** Whether the answer cites this passage. */
  readonly cited: boolean;
}

/** Which layer answered: `exact` (same text) or `semantic` (same normalised question). */
export type CacheLayer = 'exact' | 'semantic';

/** A lookup's outcome per layer consulted, in order, for the cache metrics. */
export interface CacheLookup {
  readonly answer: CachedAnswer | undefined;
  readonly layers: readonly { readonly type: CacheLayer; readonly hit: boolean }[];
}

export interface AnswerCacheOptions {
  /** Most answers kept per layer. @default 500 */
  readonly maxEntries?: number;
  /** How long an answer stays fresh, milliseconds; docs change. @default 10 minutes */
  readonly ttlMs?: number;
}

/**
 * A two-layer LRU answer cache. The exact layer is checked first; on a miss the normalised
 * (near-duplicate) layer is. Keys include the model, since models answer differently.
 */
export class AnswerCache {
  private readonly exact: LRUCache<string, CachedAnswer>;
  private readonly semantic: LRUCache<string, CachedAnswer>;

  constructor(options: AnswerCacheOptions = {}) {
    const settings = { max: options.maxEntries ?? 500, ttl: options.ttlMs ?? 600_000 };
    this.exact = new LRUCache(settings);
    this.semantic = new LRUCache(settings);
  }

  lookup(model: string, question: string): CacheLookup {
    const exact = this.exact.get(key(model, exactKey(question)));
    if (exact) return { answer: exact, layers: [{ type: 'exact', hit: true }] };
    const near = this.semantic.get(key(model, normalisedKey(question)));
    return {
      answer: near,
      layers: [
        { type: 'exact', hit: false },
        { type: 'semantic', hit: near !== undefined },
      ],
    };
  }

  store(model: string, question: string, answer: CachedAnswer): void {
    this.exact.set(key(model, exactKey(question)), answer);
    // A question with no content words (e.g. "why?") would share a key with every other such
    // question; keep it out of the near-duplicate layer.
    const normalised = normalisedKey(question);
    if (normalised !== '') this.semantic.set(key(model, normalised), answer);
  }
}

function key(model: string, question: string): string {
  return `${model}\u0000${question}`;
}
