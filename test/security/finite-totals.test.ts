import { expect } from 'chai';
import express from 'express';
import { ragMetrics } from '../../adapters/express';
import type { RagMetricsWarning } from '../../lib/types';
import { startFakeLlm } from '../clients/fake-llm-server';
import { Exposition } from '../helpers/scrape';
import { listen } from '../helpers/server';

/** USD per 1M tokens: 1000 input + 500 output tokens cost exactly 0.001 + 0.001. */
const PRICING = { 'acme-1': { input: 1, output: 2 } };

function completion(promptTokens: number, completionTokens: number) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'acme-1',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' } }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

describe('security: totals stay finite whatever a usage report says', () => {
  it('should drop a usage report whose cost is not finite, count it, and keep the totals', async () => {
    // The upstream (a compromised proxy, a buggy gateway) answers the second call with 8e307 tokens.
    let calls = 0;
    const llm = await startFakeLlm(() => {
      calls++;
      return { json: calls === 2 ? completion(8e307, 1) : completion(1000, 500) };
    });
    const warnings: RagMetricsWarning[] = [];
    const app = express();
    app.use(
      ragMetrics({
        processMetrics: false,
        includeDefaultRegistry: false,
        pricing: PRICING,
        onWarning: (warning) => warnings.push(warning),
      }),
    );
    app.post('/ask', async (_req, res) => {
      const upstream = await fetch(`${llm.url}/v1/chat/completions`, { method: 'POST' });
      res.locals.rag.recordUsage(await upstream.json());
      res.json({ answer: 'Paris.' });
    });
    const server = await listen(app);
    try {
      for (let i = 0; i < 3; i++) {
        expect((await fetch(`${server.url}/ask`, { method: 'POST' })).status).to.equal(200);
      }
      const exposition = new Exposition(await (await fetch(`${server.url}/metrics`)).text());
      expect(exposition.value('rag_cost_usd_total', { model: 'acme-1' })).to.equal(0.004);
      expect(exposition.value('rag_tokens_total', { model: 'acme-1', type: 'input' })).to.equal(
        2000,
      );
      expect(exposition.histogram('rag_request_cost_usd', { model: 'acme-1' })).to.deep.include({
        count: 2,
        sum: 0.004,
      });
      expect(exposition.value('rag_metrics_rejected_total', { reason: 'invalid_value' })).to.equal(
        1,
      );
      expect(warnings.map(({ kind, message }) => ({ kind, message }))).to.deep.equal([
        {
          kind: 'recordTokens.input',
          message:
            'rag-metrics: dropped recordTokens.input value 8e+307; expected a number from 0 to 10000000 (tokens per call). Further recordTokens.input values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
        },
      ]);
    } finally {
      await server.close();
      await llm.close();
    }
  });

  it('should drop a cost that a huge configured price makes infinite, counting neither its tokens', async () => {
    const app = express();
    app.use(
      ragMetrics({
        processMetrics: false,
        includeDefaultRegistry: false,
        pricing: { ...PRICING, 'acme-max': { input: Number.MAX_VALUE, output: 0 } },
        onWarning: () => undefined,
      }),
    );
    app.get('/ask', (_req, res) => {
      res.locals.rag.recordTokens({ model: 'acme-max', input: 2_000_000, output: 0 });
      res.locals.rag.recordTokens({ model: 'acme-1', input: 1000, output: 500 });
      res.send('ok');
    });
    const server = await listen(app);
    try {
      await fetch(`${server.url}/ask`);
      const exposition = new Exposition(await (await fetch(`${server.url}/metrics`)).text());
      expect(exposition.series('rag_cost_usd_total')).to.deep.equal([{ model: 'acme-1' }]);
      expect(exposition.series('rag_tokens_total')).to.deep.equal([
        { model: 'acme-1', type: 'input' },
        { model: 'acme-1', type: 'output' },
      ]);
      expect(exposition.value('rag_metrics_rejected_total', { reason: 'invalid_value' })).to.equal(
        1,
      );
    } finally {
      await server.close();
    }
  });

  it('should drop an amount that would make a counter total overflow to +Inf', async () => {
    const app = express();
    app.use(
      ragMetrics({ processMetrics: false, includeDefaultRegistry: false, onWarning: () => {} }),
    );
    app.get('/spend', (_req, res) => {
      // Each amount is finite; their sum is not.
      res.locals.rag.recordCost(Number.MAX_VALUE, 'acme-1');
      res.send('ok');
    });
    const server = await listen(app);
    try {
      await fetch(`${server.url}/spend`);
      await fetch(`${server.url}/spend`);
      const exposition = new Exposition(await (await fetch(`${server.url}/metrics`)).text());
      expect(exposition.value('rag_cost_usd_total', { model: 'acme-1' })).to.equal(
        Number.MAX_VALUE,
      );
      expect(exposition.histogram('rag_request_cost_usd', { model: 'acme-1' })).to.deep.include({
        count: 1,
        sum: Number.MAX_VALUE,
      });
      expect(exposition.value('rag_metrics_rejected_total', { reason: 'invalid_value' })).to.equal(
        2,
      );
    } finally {
      await server.close();
    }
  });
});
