import { expect } from 'chai';
import request from 'supertest';
import { METRIC_NAMES } from '../../lib/metric-names';
import { scrape } from '../helpers/scrape';
import { STREAMING_FLAVOURS, sleep } from './streaming-apps';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;
/** Longer than the 0.2 s bucket, so the observation's bucket shows which mark was taken. */
const MODEL_DELAY_MS = 300;

for (const flavour of STREAMING_FLAVOURS) {
  describe(`${flavour.name}: time to first token`, () => {
    it('should take an explicit markFirstToken() over an earlier SSE write', async () => {
      const app = flavour.create(options, 'text/event-stream', async (rag, out) => {
        rag.setModel('gpt-4o');
        out.write('event: sources\ndata: ["doc-1"]\n\n');
        await sleep(MODEL_DELAY_MS);
        rag.markFirstToken();
        out.write('data: forty\n\n');
        out.end();
      });
      await request(app).get('/stream').expect(200);
      const metrics = await scrape(app);
      const ttft = metrics.histogram(METRIC_NAMES.timeToFirstToken, {
        route: '/stream',
        model: 'gpt-4o',
      });
      expect(ttft?.count).to.equal(1);
      expect(ttft?.buckets['0.2']).to.equal(0);
      expect(ttft?.sum).to.be.at.least(MODEL_DELAY_MS / 1000);
    });

    it('should mark the first write of an SSE response when nothing marks it explicitly', async () => {
      const app = flavour.create(options, 'text/event-stream', async (rag, out) => {
        rag.setModel('gpt-4o');
        out.write('data: forty\n\n');
        await sleep(MODEL_DELAY_MS);
        out.write('data: two\n\n');
        out.end();
      });
      await request(app).get('/stream').expect(200);
      const metrics = await scrape(app);
      const ttft = metrics.histogram(METRIC_NAMES.timeToFirstToken, {
        route: '/stream',
        model: 'gpt-4o',
      });
      expect(ttft?.count).to.equal(1);
      expect(ttft?.buckets['0.2']).to.equal(1);
    });

    it('should record no time to first token for a chunked CSV download', async () => {
      const app = flavour.create(options, 'text/csv', async (_rag, out) => {
        out.write('id,title\n');
        await sleep(10);
        out.write('1,first\n');
        out.end();
      });
      await request(app).get('/stream').expect(200);
      const metrics = await scrape(app);
      expect(metrics.series(METRIC_NAMES.timeToFirstToken)).to.deep.equal([]);
    });
  });
}
