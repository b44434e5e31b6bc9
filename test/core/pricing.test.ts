import { expect } from 'chai';
import { calculateCost } from '../../lib/pricing/calculate-cost';
import { BUILT_IN_PRICES, PriceTable } from '../../lib/pricing/price-table';
import { createRagMetrics } from '../../lib/rag-metrics';
import { Exposition } from '../helpers/scrape';

describe('calculateCost(usage)', () => {
  it('should price input, cached input and output at their own rates', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M tokens.
    expect(calculateCost({ model: 'gpt-4o', input: 1000, cachedInput: 400, output: 200 })).to.equal(
      0.004,
    );
  });

  it('should resolve dated snapshot names by longest prefix', () => {
    expect(
      calculateCost({ model: 'gpt-4o-mini-2024-07-18', input: 1_000_000, output: 0 }),
    ).to.equal(0.15);
    expect(calculateCost({ model: 'gpt-4o-2024-08-06', input: 1_000_000, output: 0 })).to.equal(
      2.5,
    );
    expect(
      calculateCost({ model: 'claude-sonnet-4-20250514', input: 0, output: 1_000_000 }),
    ).to.equal(15);
    expect(calculateCost({ model: 'models/gemini-2.5-pro', input: 1_000_000, output: 0 })).to.equal(
      1.25,
    );
  });

  it('should not resolve gpt-4.5 to gpt-4', () => {
    const table = new PriceTable();
    expect(table.lookup('gpt-4.5-preview').known).to.equal(false);
    expect(table.lookup('gpt-4-0613').known).to.equal(true);
  });

  it('should price unknown models at the seed defaults of $0.003 and $0.015 per 1K tokens', () => {
    expect(calculateCost({ model: 'my-local-llama', input: 1000, output: 1000 })).to.equal(0.018);
  });

  it('should cover at least 20 models from OpenAI, Anthropic, Google and Mistral', () => {
    const names = Object.keys(BUILT_IN_PRICES);
    expect(names.length).to.be.at.least(20);
    for (const family of ['gpt-', 'claude-', 'gemini-', 'mistral-']) {
      expect(
        names.some((name) => name.startsWith(family)),
        family,
      ).to.equal(true);
    }
  });
});

describe('rag.recordTokens() pricing', () => {
  it('should use the pricing option over the built-in table, and an explicit costUsd over both', async () => {
    const metrics = createRagMetrics({
      processMetrics: false,
      includeDefaultRegistry: false,
      pricing: { 'gpt-4o': { input: 1, output: 1 }, 'house-model': { input: 2, output: 4 } },
    });
    await metrics.monitor('batch', (rag) => {
      rag.recordTokens({ model: 'gpt-4o', input: 1_000_000, output: 0 });
      rag.recordTokens({ model: 'house-model', input: 500_000, output: 250_000 });
      rag.recordTokens({ model: 'house-model', input: 1, output: 1, costUsd: 0.5 });
    });
    const exposition = new Exposition(await metrics.render());
    expect(exposition.value('rag_cost_usd_total', { model: 'gpt-4o' })).to.equal(1);
    expect(exposition.value('rag_cost_usd_total', { model: 'house-model' })).to.equal(2.5);
  });

  it('should use COST_PER_1K_* for models the table does not know', async () => {
    const metrics = createRagMetrics({
      processMetrics: false,
      includeDefaultRegistry: false,
      env: { COST_PER_1K_INPUT_TOKENS: '0.01', COST_PER_1K_OUTPUT_TOKENS: '0.02' },
    });
    await metrics.monitor('batch', (rag) =>
      rag.recordTokens({ model: 'mystery', input: 1000, output: 1000 }),
    );
    expect(
      new Exposition(await metrics.render()).value('rag_cost_usd_total', { model: 'mystery' }),
    ).to.equal(0.03);
  });
});
