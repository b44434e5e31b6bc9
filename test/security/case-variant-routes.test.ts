import { expect } from 'chai';
import express from 'express';
import { ragMetrics } from '../../adapters/express';
import { Exposition } from '../helpers/scrape';
import { getMany, listen } from '../helpers/server';

/**
 * Express matches paths case-insensitively, so `/API/ask` and `/aPi/ask` reach the `/api` router.
 * The route label must be the template its definitions spell, never the case the client typed:
 * otherwise anonymous requests fill the route cap (issue 20; the fix is issue 14's route work).
 */
describe('security: case variants of a mounted route', () => {
  it('should record /API/ask, /aPi/ask and /api/ASK as the one route /api/ask', async () => {
    const app = express();
    app.use(ragMetrics({ processMetrics: false, includeDefaultRegistry: false }));
    const api = express.Router();
    api.get('/ask', (_req, res) => {
      res.send('answer');
    });
    app.use('/api', api);
    const server = await listen(app);
    try {
      const variants = ['/api/ask', '/API/ask', '/aPi/ask', '/api/ASK', '/Api/Ask', '/ＡＰＩ/ask'];
      const many = Array.from({ length: 200 }, (_, i) => `/${i % 2 ? 'API' : 'aPI'}/ask`);
      await getMany(server.url, [...variants, ...many], 8);
      const exposition = new Exposition(await (await fetch(`${server.url}/metrics`)).text());
      const routes = exposition.series('rag_requests_total').map((labels) => labels.route);
      expect([...new Set(routes)].sort()).to.deep.equal(['/api/ask', '__unmatched__']);
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '/api/ask',
          status_code: '200',
        }),
      ).to.equal(variants.length - 1 + many.length);
    } finally {
      await server.close();
    }
  });
});
