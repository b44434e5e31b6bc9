import { calcPrice } from '@pydantic/genai-prices';
import { expect } from 'chai';
import { type CatalogueModel, findInCatalogue, ratesAt } from '../../lib/pricing/catalogue';
import { costOf } from '../../lib/pricing/token-rates';

const USAGE = { input: 250_000, cachedInput: 50_000, cacheWrite: 20_000, output: 4000 };

function catalogueTotal(model: string, timestamp: Date): number | undefined {
  return calcPrice(
    {
      input_tokens: USAGE.input,
      cache_read_tokens: USAGE.cachedInput,
      cache_write_tokens: USAGE.cacheWrite,
      output_tokens: USAGE.output,
    },
    model,
    { timestamp },
  )?.total_price;
}

describe('ratesAt(model, time): prices that change by date or time of day', () => {
  const cases = [
    // DeepSeek: peak prices 00:30–16:30 UTC, off-peak (across midnight) otherwise.
    ['deepseek-chat', '2026-12-01T20:00:00Z', 0.135],
    ['deepseek-chat', '2026-12-01T00:15:00Z', 0.135],
    ['deepseek-chat', '2026-12-01T00:30:00Z', 0.27],
    ['deepseek-chat', '2026-12-01T16:29:59Z', 0.27],
    // Claude Sonnet 4.6: long-context tiers until 2026-03-12, one flat price from 2026-03-13.
    ['claude-sonnet-4-6', '2026-03-12T23:59:59Z', 6],
    ['claude-sonnet-4-6', '2026-03-13T00:00:00Z', 3],
  ] as const;
  for (const [model, time, inputRate] of cases) {
    it(`should price ${model} at ${time} as calcPrice does ($${inputRate} input per 1M)`, () => {
      const found = findInCatalogue(model) as CatalogueModel;
      expect(found.rates, 'scheduled, not fixed').to.equal(undefined);
      const rates = ratesAt(found, Date.parse(time));
      expect(costOf(rates, { input: 1_000_000 })).to.equal(inputRate);
      expect(costOf(rates, USAGE)).to.be.closeTo(
        catalogueTotal(model, new Date(time)) ?? NaN,
        1e-12,
      );
    });
  }
});
