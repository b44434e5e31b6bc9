import type { ModelPrice } from '../types';
import builtIn from './prices.json';

/** The built-in price table, USD per 1M tokens, keyed by model name (or snapshot prefix). */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = builtIn.models;

/** Prices of models the table does not know, USD per 1K tokens (the seed's defaults). */
export const DEFAULT_FALLBACK_PER_1K = { input: 0.003, output: 0.015 } as const;

// Characters that may follow a known name in a snapshot or variant name: `gpt-4o-2024-08-06`,
// `claude-sonnet-4@20250514`, `mistral-large:latest`. A `.` is not one of them, so `gpt-4.5` does not
// resolve to `gpt-4`.
const SNAPSHOT_SEPARATORS = new Set(['-', '@', ':']);

// Resolved names are remembered, but only so many: model names come from requests and must not
// grow memory without bound.
const RESOLVED_CACHE_LIMIT = 1000;

/** Resolves model names to prices: exact name, else longest known prefix, else the fallback price. */
export class PriceTable {
  private readonly prices: Map<string, ModelPrice>;
  private readonly namesLongestFirst: string[];
  private readonly resolved = new Map<string, ModelPrice>();

  constructor(
    overrides: Readonly<Record<string, ModelPrice>> = {},
    private readonly fallback: ModelPrice = per1KToPer1M(DEFAULT_FALLBACK_PER_1K),
  ) {
    this.prices = new Map(Object.entries({ ...BUILT_IN_PRICES, ...overrides }));
    this.namesLongestFirst = [...this.prices.keys()].sort((a, b) => b.length - a.length);
  }

  /** The price of `model`: exact name, else longest known prefix, else the fallback price. */
  priceOf(model: string): ModelPrice {
    const cached = this.resolved.get(model);
    if (cached !== undefined) return cached;
    const price = this.find(model) ?? this.fallback;
    if (this.resolved.size >= RESOLVED_CACHE_LIMIT) this.resolved.clear();
    this.resolved.set(model, price);
    return price;
  }

  /** The price of `model`, and whether the table knew it. */
  lookup(model: string): { price: ModelPrice; known: boolean } {
    const price = this.priceOf(model);
    return { price, known: price !== this.fallback };
  }

  private find(model: string): ModelPrice | undefined {
    const exact = this.prices.get(model);
    if (exact !== undefined) return exact;
    for (const name of this.namesLongestFirst) {
      if (model.startsWith(name) && SNAPSHOT_SEPARATORS.has(model.charAt(name.length))) {
        return this.prices.get(name);
      }
    }
    // `models/gemini-2.5-pro` (Gemini's resource names) and `openai/gpt-4o` (gateway-style names).
    const slash = model.lastIndexOf('/');
    return slash >= 0 ? this.find(model.slice(slash + 1)) : undefined;
  }
}

export function per1KToPer1M(price: {
  readonly input: number;
  readonly output: number;
}): ModelPrice {
  return { input: price.input * 1000, output: price.output * 1000 };
}
