import type { RequestListener } from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import { DEFAULT_MODELS } from '../../sample-app/apps/app-config';
import { createExpressApp } from '../../sample-app/apps/express-app';
import { type LlmSimulator, startLlmSimulator } from '../../sample-app/llm-simulator/server';
import { plainLine } from '../../sample-app/view/plain-line';
import { readHeadlines } from '../../sample-app/view/readings';
import { parseScrape, type Scrape } from '../../sample-app/view/scrape';
import { Exposition } from '../helpers/scrape';
import { FIELDS } from './plain-line-fields';

/** `name:value` pairs joined by commas, or `-` for no data. */
const LIST = /^(-|[^,:\s]+:[^,\s]+(,[^,:\s]+:[^,\s]+)*)$/;

describe('plainLine(state): the view when stdout is not a TTY', () => {
  let simulator: LlmSimulator;
  let app: RequestListener;
  let texts: string[];

  const metricsText = async () => (await request(app).get('/metrics').expect(200)).text;
  const ask = (question: string, status = 200) =>
    request(app).post('/ask').send({ question, model: 'gpt-4o-mini' }).expect(status);

  before(async () => {
    simulator = await startLlmSimulator({ latencyScale: 0 });
    app = createExpressApp({
      llm: { baseURL: simulator.baseURL, apiKey: 'test', maxRetries: 0, timeoutMs: 5_000 },
      models: DEFAULT_MODELS,
      metrics: { processMetrics: false, includeDefaultRegistry: false },
    });
    const start = await metricsText();
    // Before the window: the series exist, as they do in a demo that has been running.
    await ask('How long are nightly backups kept?');
    await ask('How long are nightly backups kept?');
    await ask('How do I restore a backup?');
    simulator.failNext(503);
    await ask('What does the Business plan cost?', 502);
    const earlier = await metricsText();
    // In the window: an exact cache hit, a fresh answer, and a provider failure (502).
    await ask('How long are nightly backups kept?');
    await ask('How long is the free trial?');
    simulator.failNext(503);
    await ask('Which PostgreSQL version does Quillstack need?', 502);
    texts = [start, earlier, await metricsText()];
  });

  after(() => simulator.close());

  /** The app's three scrapes, timed at 0 s, 60 s and 62 s: a 2-second window, up 62 s. */
  function scrapes(): [Scrape, Scrape, Scrape] {
    const [start = '', earlier = '', later = ''] = texts;
    return [parseScrape(start, 0), parseScrape(earlier, 60_000), parseScrape(later, 62_000)];
  }

  function line(firing?: string[]): string {
    const [first, previous, latest] = scrapes();
    return plainLine({
      readings: readHeadlines(previous, latest, first),
      uptimeSeconds: (latest.at - first.at) / 1000,
      windowSeconds: (latest.at - previous.at) / 1000,
      faults: false,
      ...(firing ? { firing } : {}),
    });
  }

  const fields = (text: string) =>
    text.split(' ').map((field) => {
      const at = field.indexOf('=');
      return [field.slice(0, at), field.slice(at + 1)] as const;
    });

  it('should print the fields in a fixed order, with alerts only when Prometheus runs', () => {
    expect(fields(line()).map(([key]) => key)).to.deep.equal(FIELDS);
    const withAlerts = fields(line(['HighErrorRate(critical)', 'ErrorBudgetBurn(critical)']));
    expect(withAlerts.map(([key]) => key)).to.deep.equal([...FIELDS, 'alerts']);
    expect(withAlerts.at(-1)?.[1]).to.equal('HighErrorRate(critical),ErrorBudgetBurn(critical)');
    expect(fields(line([])).at(-1)).to.deep.equal(['alerts', 'none']);
  });

  it('should print the numbers of the window: 3 requests in 2 s, 1 of them a 502, spend since start', () => {
    const value = new Map(fields(line()));
    const [earlier, later] = [new Exposition(texts[1] ?? ''), new Exposition(texts[2] ?? '')];
    const requests = (e: Exposition, status: string) =>
      e.value('rag_requests_total', { method: 'POST', route: '/ask', status_code: status }) ?? 0;
    expect(requests(later, '200') - requests(earlier, '200')).to.equal(2);
    expect(requests(later, '502') - requests(earlier, '502')).to.equal(1);
    expect(value.get('up')).to.equal('1m02s');
    expect(value.get('window')).to.equal('2.0s');
    expect(value.get('req/s')).to.equal('1.50');
    expect(value.get('errors')).to.equal('33.3%');
    const spent = later
      .series('rag_cost_usd_total')
      .reduce((sum, labels) => sum + (later.value('rag_cost_usd_total', labels) ?? 0), 0);
    expect(value.get('spend')).to.equal(`$${spent.toFixed(4)}`);
    expect(value.get('faults')).to.equal('off');
  });

  it('should print seconds, rates, money and shares in their units; lists as name:value pairs', () => {
    const value = new Map(fields(line()));
    expect(value.get('p50')).to.match(/^\d+\.\d\ds$/);
    expect(value.get('p95')).to.match(/^\d+\.\d\ds$/);
    expect(value.get('spend/h')).to.match(/^\$\d+\.\d{4}$/);
    for (const list of ['tokens/s', 'cache_hits', 'relevance', 'empty_retrievals']) {
      expect(value.get(list), list).to.match(LIST);
      expect(value.get(list), list).not.to.equal('-');
    }
    expect(value.get('cache_hits')).to.equal('exact:33.3%,semantic:0.0%');
    expect(value.get('ttft_p95')).to.equal('-');
    expect(value.get('positive_feedback')).to.equal('-');
  });
});
