import type { ModelPrice } from '../types';
import { PriceTable } from './price-table';

/** Tokens of one call, on the package's definition: `cachedInput` is the part of `input` read from cache. */
export interface CostInput {
  readonly model?: string;
  readonly input?: number;
  readonly output?: number;
  readonly cachedInput?: number;
  /** Tokens written to the provider's prompt cache (Anthropic's `cache_creation_input_tokens`); part of `input`. */
  readonly cacheWrite?: number;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * Cost in USD of one call. Uncached input is priced at the input rate, cached input at the cached
 * rate (the input rate where the provider has none), cache writes at the cache-write rate.
 *
 * Prices are per 1M tokens, so the sum is computed in "USD × 1M" and divided once at the end: that
 * keeps results such as 1000 × $2.50/1M exactly `0.0025`.
 */
export function costOf(price: ModelPrice, usage: CostInput): number {
  const input = usage.input ?? 0;
  const cached = usage.cachedInput ?? 0;
  const written = usage.cacheWrite ?? 0;
  const uncached = input - cached - written;
  const scaled =
    uncached * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    (usage.output ?? 0) * price.output;
  return scaled / TOKENS_PER_PRICE_UNIT;
}

const defaultTable = new PriceTable();

/**
 * Cost in USD of one call from the built-in price table (or `table`), e.g.
 * `calculateCost({ model: 'gpt-4o-2024-08-06', input: 1000, output: 200 })` → `0.0045`.
 */
export function calculateCost(usage: CostInput, table: PriceTable = defaultTable): number {
  return costOf(table.priceOf(usage.model ?? ''), usage);
}
