import { expect } from 'chai';
import { calculateCost } from '../../lib/pricing/calculate-cost';
import { createRagMetrics } from '../../lib/rag-metrics';
import { Exposition } from '../helpers/scrape';

describe('calculateCost(usage)', () => {
  it('should price input, cached input and output at their own rates', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M tokens.
    expect(calculateCost({ model: 'gpt-4o', input: 1000, cachedInput: 400, output: 200 })).to.equal(
      0.004,
    );
  });

  it('should price Anthropic cache writes at their own rate', () => {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per 1M tokens.
    expect(
      calculateCost({
        model: 'claude-sonnet-4-5',
        input: 10_000,
        cachedInput: 4000,
        cacheWrite: 2000,
        output: 1000,
      }),
    ).to.equal((4000 * 3 + 4000 * 0.3 + 2000 * 3.75 + 1000 * 15) / 1_000_000);
  });

  it('should resolve dated snapshot and resource names to their model', () => {
    expect(
      calculateCost({ model: 'gpt-4o-mini-2024-07-18', input: 1_000_000, output: 0 }),
    ).to.equal(0.15);
    expect(calculateCost({ model: 'gpt-4o-2024-08-06', input: 1000, output: 200 })).to.equal(
      0.0045,
    );
    expect(
      calculateCost({ model: 'claude-sonnet-4-20250514', input: 0, output: 1_000_000 }),
    ).to.equal(15);
    expect(
      calculateCost({ model: 'models/gemini-2.5-flash', input: 1_000_000, output: 0 }),
    ).to.equal(0.3);
  });

  it('should price gpt-4.5-preview as itself, not as gpt-4', () => {
    expect(calculateCost({ model: 'gpt-4.5-preview', input: 1_000_000 })).to.equal(75);
    expect(calculateCost({ model: 'gpt-4-0613', input: 1_000_000 })).to.equal(30);
  });

  it('should price unknown models at the seed defaults of $0.003 and $0.015 per 1K tokens', () => {
    expect(calculateCost({ model: 'my-local-llama', input: 1000, output: 1000 })).to.equal(0.018);
  });
});

describe('rag.recordTokens() pricing', () => {
  it('should use the pricing option over the catalogue, and an explicit costUsd over both', async () => {
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

  it('should use COST_PER_1K_* for models no price is known for', async () => {
    const metrics = createRagMetrics({
      processMetrics: false,
      includeDefaultRegistry: false,
      env: { COST_PER_1K_INPUT_TOKENS: '0.01', COST_PER_1K_OUTPUT_TOKENS: '0.02' },
      onWarning: () => undefined,
    });
    await metrics.monitor('batch', (rag) =>
      rag.recordTokens({ model: 'mystery', input: 1000, output: 1000 }),
    );
    expect(
      new Exposition(await metrics.render()).value('rag_cost_usd_total', { model: 'mystery' }),
    ).to.equal(0.03);
  });
});
