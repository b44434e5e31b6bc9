import { PriceResolver } from './price-resolver';
import type { CostInput } from './token-rates';

const defaultResolver = new PriceResolver();

/**
 * Cost in USD of one call, priced as the middleware prices it without a `pricing` option: from the
 * catalogue (@pydantic/genai-prices), else at the default fallback rate, e.g.
 * `calculateCost({ model: 'gpt-4o-2024-08-06', input: 1000, output: 200 })` → `0.0045`.
 */
export function calculateCost(usage: CostInput): number {
  return defaultResolver.costOf(usage);
}
