import { expect } from 'chai';
import request from 'supertest';
import type { RagMetricsWarning } from '../../lib/types';
import { scrape } from '../helpers/scrape';
import { llmCallApp } from './app';

const MILLION = 1_000_000;
// Below the 200k-input long-context tiers, so that base prices are compared.
const TOKENS = 100_000;

/** USD per 1M tokens (input, output) of `model`, read back from what the middleware counted. */
async function pricesOf(model: string, provider?: string) {
  const costOf = async (usage: { input?: number; output?: number }) => {
    const app = llmCallApp({ onWarning: () => undefined });
    await request(app)
      .post('/llm-call')
      .send({ model, provider, ...usage })
      .expect(200);
    const cost = (await scrape(app)).value('rag_cost_usd_total', { model }) ?? Number.NaN;
    return (cost * MILLION) / TOKENS;
  };
  return { input: await costOf({ input: TOKENS }), output: await costOf({ output: TOKENS }) };
}

describe('rag.recordTokens() prices from the catalogue (@pydantic/genai-prices)', () => {
  // Each of these got an older, shorter name's price (or the fallback rate) from the old table.
  const CURRENT = [
    { model: 'claude-opus-4-5', input: 5, output: 25 },
    { model: 'gpt-5-pro', input: 15, output: 120 },
    { model: 'o3-pro', input: 20, output: 80 },
    { model: 'gpt-5.1', input: 1.25, output: 10 },
    { model: 'gpt-5.2', input: 1.75, output: 14 },
    { model: 'gemini-3-pro-preview', input: 2, output: 12 },
  ];
  for (const { model, input, output } of CURRENT) {
    it(`should price ${model} at $${input} / $${output} per 1M tokens`, async () => {
      expect(await pricesOf(model)).to.deep.equal({ input, output });
    });
  }

  it('should resolve dated snapshots to their model', async () => {
    expect(await pricesOf('claude-opus-4-5-20251101')).to.deep.equal({
      input: 5,
      output: 25,
    });
    expect(await pricesOf('gpt-4o-2024-08-06')).to.deep.equal({ input: 2.5, output: 10 });
    expect(await pricesOf('gpt-4o-mini-2024-07-18')).to.deep.equal({
      input: 0.15,
      output: 0.6,
    });
  });

  it('should price embedding models the catalogue lists only under their provider', async () => {
    expect(await pricesOf('text-embedding-3-small')).to.deep.equal({ input: 0.02, output: 0 });
    expect(await pricesOf('text-embedding-3-large')).to.deep.equal({ input: 0.13, output: 0 });
  });

  it('should price provider-prefixed names (models/…, openai/…) as the model', async () => {
    expect(await pricesOf('models/gemini-2.5-flash')).to.deep.equal({
      input: 0.3,
      output: 2.5,
    });
    expect(await pricesOf('openai/gpt-4.1')).to.deep.equal({ input: 2, output: 8 });
  });

  it('should price every token of a call above 200k input tokens at the long-context rate', async () => {
    const app = llmCallApp();
    const model = 'gemini-2.5-pro';
    // 250k input ($2.50/1M above 200k, not $1.25) and 1k output ($15/1M, not $10).
    await request(app).post('/llm-call').send({ model, input: 250_000, output: 1000 }).expect(200);
    await request(app).post('/llm-call').send({ model, input: 200_000, output: 1000 }).expect(200);
    expect((await scrape(app)).value('rag_cost_usd_total', { model })).to.equal(
      (250_000 * 2.5 + 1000 * 15 + 200_000 * 1.25 + 1000 * 10) / MILLION,
    );
  });

  it('should use the provider hint for a model only that provider names', async () => {
    const model = 'llama-3.3-70b-versatile';
    expect(await pricesOf(model, 'groq')).to.deep.equal({ input: 0.59, output: 0.79 });
    // Without it, the catalogue does not know the name: fallback rates ($0.003 / $0.015 per 1K).
    expect(await pricesOf(model)).to.deep.equal({ input: 3, output: 15 });
    // A hint the catalogue does not know falls back to the name alone.
    expect(await pricesOf('claude-sonnet-4-5', 'no-such-provider')).to.deep.equal({
      input: 3,
      output: 15,
    });
  });
});

describe('rag.recordTokens() for a model no price is known for', () => {
  it('should warn once, count its tokens in rag_fallback_priced_tokens_total and cost the fallback rate', async () => {
    const warnings: RagMetricsWarning[] = [];
    const app = llmCallApp({
      onWarning: (warning) => warnings.push(warning),
      fallbackPricePer1K: { input: 0.002, output: 0.008 },
    });
    const model = 'acme-llm-7b';
    for (let i = 0; i < 3; i++) {
      await request(app).post('/llm-call').send({ model, input: 1000, output: 500 }).expect(200);
    }
    const metrics = await scrape(app);
    expect(metrics.value('rag_cost_usd_total', { model })).to.equal(3 * (0.002 + 0.004));
    expect(metrics.value('rag_fallback_priced_tokens_total', { model })).to.equal(4500);
    expect(warnings).to.deep.equal([
      {
        reason: 'fallback_price',
        kind: model,
        message:
          'rag-metrics: model "acme-llm-7b" is not in the price catalogue (@pydantic/genai-prices) nor in `pricing`, so it is priced at the fallback rate ($0.002 input, $0.008 output per 1K tokens) and its tokens are counted in rag_fallback_priced_tokens_total; add it to `pricing` if that rate is wrong.',
      },
    ]);
  });

  it('should not count known models, `pricing` entries or calls with an explicit costUsd', async () => {
    const app = llmCallApp({ pricing: { 'house-model': { input: 1, output: 2 } } });
    await request(app).post('/llm-call').send({ model: 'gpt-4o', input: 10 }).expect(200);
    await request(app).post('/llm-call').send({ model: 'house-model', input: 10 }).expect(200);
    await request(app)
      .post('/llm-call')
      .send({ model: 'acme-llm-7b', input: 10, costUsd: 0.5 })
      .expect(200);
    const metrics = await scrape(app);
    expect(metrics.series('rag_fallback_priced_tokens_total')).to.deep.equal([]);
    expect(metrics.value('rag_cost_usd_total', { model: 'acme-llm-7b' })).to.equal(0.5);
  });

  it('should reject a provider that is not a non-empty string, and record nothing', async () => {
    const warnings: RagMetricsWarning[] = [];
    const app = llmCallApp({ onWarning: (warning) => warnings.push(warning) });
    await request(app)
      .post('/llm-call')
      .send({ model: 'gpt-4o', provider: 7, input: 10 })
      .expect(200);
    const metrics = await scrape(app);
    expect(metrics.value('rag_metrics_rejected_total', { reason: 'invalid_value' })).to.equal(1);
    expect(metrics.value('rag_cost_usd_total', { model: 'gpt-4o' })).to.equal(undefined);
    expect(warnings.map((warning) => warning.message)).to.deep.equal([
      'rag-metrics: dropped recordTokens.provider value 7; expected a provider name such as "openai". Further recordTokens.provider values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
    ]);
  });
});
