import { get } from 'node:http';
import { expect } from 'chai';
import { METRIC_NAMES } from '../../lib/metric-names';
import { onRequestRecorded, type RequestRecord } from '../../lib/request-record';
import { scrape } from '../helpers/scrape';
import { eventually, listen } from '../helpers/server';
import { STREAMING_FLAVOURS } from './streaming-apps';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;
const USAGE = { model: 'gpt-4o', input: 1200, output: 300, costUsd: 0.042 } as const;

/** GETs `url` and goes away at the first chunk of the body, as a user closing the tab does. */
function abortAtFirstChunk(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

for (const flavour of STREAMING_FLAVOURS) {
  describe(`${flavour.name}: spend recorded after the client went away`, () => {
    it('should reach the per-request histograms as it reaches the counters', async () => {
      let recordedAfterClose = false;
      const app = flavour.create(options, 'text/event-stream', async (rag, out) => {
        out.write('data: thinking\n\n');
        await out.closed;
        // The handler keeps reading the LLM stream, then records its usage.
        await new Promise((resolve) => setTimeout(resolve, 20));
        rag.recordTokens(USAGE);
        rag.recordTokens({ model: USAGE.model, input: 0, output: 10, costUsd: 0.001 });
        recordedAfterClose = true;
      });
      const records: RequestRecord[] = [];
      const stop = onRequestRecorded((record) => records.push(record));
      const server = await listen(app);
      try {
        await abortAtFirstChunk(`${server.url}/stream`);
        await eventually(async () => recordedAfterClose, 'the late recording');
      } finally {
        stop();
        await server.close();
      }
      expect(records.map((r) => [r.route, r.aborted])).to.deep.equal([['/stream', true]]);
      const metrics = await scrape(app);
      const cost = metrics.value(METRIC_NAMES.cost, { model: 'gpt-4o' });
      expect(cost).to.be.closeTo(0.043, 1e-12);
      const requestCost = metrics.histogram(METRIC_NAMES.requestCost, { model: 'gpt-4o' });
      expect(requestCost?.count).to.equal(1);
      expect(requestCost?.sum).to.equal(cost);
      expect(
        metrics.histogram(METRIC_NAMES.requestTokens, { model: 'gpt-4o', type: 'input' }),
      ).to.include({ count: 1, sum: 1200 });
      expect(
        metrics.histogram(METRIC_NAMES.requestTokens, { model: 'gpt-4o', type: 'output' }),
      ).to.include({ count: 1, sum: 310 });
      expect(metrics.value(METRIC_NAMES.tokens, { model: 'gpt-4o', type: 'output' })).to.equal(310);
      expect(
        metrics.value(METRIC_NAMES.requests, {
          method: 'GET',
          route: '/stream',
          status_code: '499',
        }),
      ).to.equal(1);
    });
  });
}
