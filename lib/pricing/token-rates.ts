import type { ModelPrice } from '../types';

/** One tier of a long-context price: from `start` input tokens of the call on, `price`. */
export interface RateTier {
  readonly start: number;
  readonly price: number;
}

/**
 * USD per 1M tokens: flat, or tiered by the call's total input tokens (Gemini 2.5 Pro and Claude
 * Sonnet 4.x above 200k input tokens). A tier applies to every token of the call, as providers bill.
 */
export type Rate = number | { readonly base: number; readonly tiers: readonly RateTier[] };

/** A model's rates at one moment. `cachedInput` / `cacheWrite` undefined: priced as input. */
export interface TokenRates {
  readonly input: Rate;
  readonly cachedInput: Rate | undefined;
  readonly cacheWrite: Rate | undefined;
  readonly output: Rate;
  /** USD charged per call whatever its tokens (a few providers' per-request fee). */
  readonly perCallUsd: number;
}

/** Tokens of one call, on the package's definition: `cachedInput` and `cacheWrite` are parts of `input`. */
export interface CostInput {
  readonly model?: string;
  /** The provider the call went to (`openai`, `anthropic`, `google`, `mistral`, …), for ambiguous names. */
  readonly provider?: string;
  readonly input?: number;
  readonly output?: number;
  readonly cachedInput?: number;
  /** Tokens written to the provider's prompt cache (Anthropic's `cache_creation_input_tokens`); part of `input`. */
  readonly cacheWrite?: number;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/** The rate of a call with `inputTokens` input tokens: the last tier it passes, as the catalogue counts. */
export function rateAt(rate: Rate, inputTokens: number): number {
  if (typeof rate === 'number') return rate;
  let price = rate.base;
  for (const tier of rate.tiers) if (inputTokens > tier.start) price = tier.price;
  return price;
}

/**
 * Cost in USD of one call. Uncached input is priced at the input rate, cached input at the cached
 * rate, cache writes at the cache-write rate (each the input rate where the model has none).
 *
 * Prices are per 1M tokens, so the sum is computed in "USD × 1M" and divided once at the end: that
 * keeps results such as 1000 × $2.50/1M exactly `0.0025`.
 */
export function costOf(rates: TokenRates, usage: CostInput): number {
  const input = usage.input ?? 0;
  const cached = usage.cachedInput ?? 0;
  const written = usage.cacheWrite ?? 0;
  const inputRate = rateAt(rates.input, input);
  const scaled =
    (input - cached - written) * inputRate +
    cached * (rates.cachedInput === undefined ? inputRate : rateAt(rates.cachedInput, input)) +
    written * (rates.cacheWrite === undefined ? inputRate : rateAt(rates.cacheWrite, input)) +
    (usage.output ?? 0) * rateAt(rates.output, input);
  return scaled / TOKENS_PER_PRICE_UNIT + rates.perCallUsd;
}

/** The rates of a `pricing` option entry (USD per 1M tokens). */
export function ratesOfModelPrice(price: ModelPrice): TokenRates {
  return {
    input: price.input,
    cachedInput: price.cachedInput,
    cacheWrite: price.cacheWrite,
    output: price.output,
    perCallUsd: 0,
  };
}
