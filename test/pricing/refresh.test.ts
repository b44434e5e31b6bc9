import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Exposition } from '../helpers/scrape';
import { freePort, type SpawnedService, spawnService } from '../helpers/spawned-service';

/** Catalogue data as genai-prices' `updatePrices` loads it: OpenAI with a new gpt-4o price. */
const REFRESHED_PROVIDERS = [
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'https://api\\.openai\\.com',
    model_match: { starts_with: 'gpt-' },
    models: [
      {
        id: 'gpt-4o',
        match: { or: [{ equals: 'gpt-4o' }, { starts_with: 'gpt-4o-20' }] },
        prices: { input_mtok: 4, cache_read_mtok: 2, output_mtok: 16 },
      },
    ],
  },
];

describe('prices refreshed with updatePrices() at run time', () => {
  let dir: string;
  let service: SpawnedService;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rag-metrics-prices-'));
    const pricesFile = join(dir, 'prices.json');
    await writeFile(pricesFile, JSON.stringify(REFRESHED_PROVIDERS));
    const port = await freePort();
    process.env.PORT = String(port);
    process.env.PRICES_FILE = pricesFile;
    service = await spawnService(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'fixtures', 'price-refresh-app.ts')],
      `http://127.0.0.1:${port}`,
      '/metrics',
    );
  });

  after(async () => {
    await service?.close();
    delete process.env.PORT;
    delete process.env.PRICES_FILE;
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, path).to.equal(200);
    return res.json();
  };

  it('should price calls after the reload at the new prices, although the model was resolved before', async () => {
    const call = { model: 'gpt-4o-2024-08-06', input: 1_000_000, output: 1_000_000 };
    expect(await post('/llm-call', call)).to.deep.equal({ costUsd: 12.5 });
    expect(await post('/reload-prices')).to.deep.equal({ reloaded: true });
    expect(await post('/llm-call', call)).to.deep.equal({ costUsd: 20 });
    const metrics = new Exposition(await (await fetch(`${service.url}/metrics`)).text());
    expect(metrics.value('rag_cost_usd_total', { model: call.model })).to.equal(32.5);
  });
});
