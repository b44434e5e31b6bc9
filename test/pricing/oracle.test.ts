import { calcPrice } from '@pydantic/genai-prices';
import { expect } from 'chai';
import request from 'supertest';
import { scrape } from '../helpers/scrape';
import { llmCallApp } from './app';

/** Current models of each family the issue names, with the provider a client would report. */
const MODELS: readonly { readonly model: string; readonly provider?: string }[] = [
  ...[
    'gpt-4o',
    'gpt-4o-2024-08-06',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'gpt-5-pro',
    'gpt-5.1',
    'gpt-5.2',
    'o1',
    'o3',
    'o3-mini',
    'o3-pro',
    'o4-mini',
  ].map((model) => ({ model, provider: 'openai' })),
  ...[
    'claude-3-5-haiku-latest',
    'claude-3-7-sonnet-20250219',
    'claude-sonnet-4-20250514',
    'claude-sonnet-4-5',
    'claude-sonnet-4-6',
    'claude-opus-4-1',
    'claude-opus-4-5-20251101',
    'claude-haiku-4-5',
  ].map((model) => ({ model, provider: 'anthropic' })),
  ...[
    'gemini-2.0-flash',
    'gemini-2.5-flash',
    'gemini-2.5-flash-lite',
    'gemini-2.5-pro',
    'gemini-3-pro-preview',
  ].map((model) => ({ model, provider: 'google' })),
  ...['mistral-large-latest', 'mistral-small-latest', 'codestral-latest'].map((model) => ({
    model,
    provider: 'mistral',
  })),
  // No hint: names from these providers resolve by the catalogue's own matching.
  { model: 'deepseek-chat' },
  { model: 'deepseek-reasoner' },
  { model: 'grok-4' },
  { model: 'grok-3-mini' },
];

/** One call of each kind; cached and cache-write tokens are parts of input. */
const USAGES = {
  plain: { input: 1234, output: 567 },
  cached: { input: 5000, cachedInput: 3000, output: 800 },
  cacheWrite: { input: 9000, cachedInput: 2000, cacheWrite: 4000, output: 700 },
  longContext: { input: 250_000, cachedInput: 50_000, cacheWrite: 20_000, output: 4000 },
} as const;

type Usage = { input: number; output: number; cachedInput?: number; cacheWrite?: number };

/** The catalogue's own price of one call, in its usage vocabulary. */
function catalogueTotal(model: string, provider: string | undefined, usage: Usage): number {
  const priced = calcPrice(
    {
      input_tokens: usage.input,
      cache_read_tokens: usage.cachedInput ?? 0,
      cache_write_tokens: usage.cacheWrite ?? 0,
      output_tokens: usage.output,
    },
    model,
    provider === undefined ? undefined : { providerId: provider },
  );
  if (priced === null) throw new Error(`the catalogue does not know ${model}`);
  return priced.total_price;
}

describe("rag_cost_usd_total against the catalogue's own calcPrice", () => {
  it('should cover at least 30 current models, with cache reads, cache writes and long-context tiers', () => {
    expect(MODELS.length).to.be.at.least(30);
    const prices = MODELS.map(({ model, provider }) => {
      const found = calcPrice(
        {},
        model,
        provider === undefined ? undefined : { providerId: provider },
      );
      expect(found, model).to.not.equal(null);
      return JSON.stringify(found?.model.prices);
    });
    expect(prices.filter((price) => price.includes('cache_read_mtok')).length).to.be.at.least(25);
    expect(prices.filter((price) => price.includes('cache_write_mtok')).length).to.be.at.least(8);
    expect(prices.filter((price) => price.includes('"tiers"')).length).to.be.at.least(4);
  });

  for (const [kind, usage] of Object.entries(USAGES)) {
    it(`should equal calcPrice to 1e-12 for a ${kind} call of every model`, async () => {
      const app = llmCallApp();
      for (const { model, provider } of MODELS) {
        await request(app)
          .post('/llm-call')
          .send({ model, provider, ...usage })
          .expect(200);
      }
      const metrics = await scrape(app);
      for (const { model, provider } of MODELS) {
        const counted = metrics.value('rag_cost_usd_total', { model });
        expect(counted, model).to.be.closeTo(catalogueTotal(model, provider, usage), 1e-12);
      }
      expect(metrics.series('rag_fallback_priced_tokens_total')).to.deep.equal([]);
    });
  }
});
