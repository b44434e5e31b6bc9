import { join } from 'node:path';
import { expect } from 'chai';
import { Exposition } from '../helpers/scrape';
import { eventually } from '../helpers/server';
import { startChildServer } from './helpers/child-server';
import { type LoadPlan, runLoad } from './helpers/load';
import { ProcessFaults } from './helpers/process-faults';
import { getRaw } from './helpers/raw-http';

const PLAN: LoadPlan = {
  total: 12_000,
  concurrency: 200,
  abortEvery: 10,
  answeredPath: '/ok',
  streamPath: '/stream-hang',
};
const ABORTED = PLAN.total / PLAN.abortEvery;
const ANSWERED = PLAN.total - ABORTED;

// One Express and one Koa flavour, 24,000 requests in all: the lifecycle property test covers the
// other two versions. Sized to stay well under a minute on 2 cores.
const LOADED = ['Express 5', 'Koa 3'];
const SERVER = join(__dirname, 'fixtures', 'load-server.ts');

describe(`load on loopback: ${PLAN.total} requests over ${PLAN.concurrency} connections, 1 in ${PLAN.abortEvery} aborted`, function () {
  // Generous: on a shared 2-core machine under load one run has taken over a minute.
  this.timeout(240_000);
  const faults = new ProcessFaults();
  before(() => faults.install());
  after(() => faults.uninstall());

  for (const flavour of LOADED) {
    it(`${flavour}: /metrics counts exactly what the client sent`, async () => {
      // The server runs in a child process: it gets a core of its own, and faults in it would show
      // as a crash, a non-200 status or a wrong count.
      const app = await startChildServer(SERVER, [flavour]);
      try {
        const result = await runLoad(app.url, PLAN);
        expect(result.aborted).to.equal(ABORTED);
        expect([...result.statuses]).to.deep.equal([[200, ANSWERED]]);
        // The server records an abort when it sees the connection close, a moment after the client.
        let exposition = new Exposition('');
        await eventually(async () => {
          exposition = new Exposition((await getRaw(`${app.url}/metrics`)).body.toString());
          return exposition.value('rag_active_requests') === 0;
        }, 'rag_active_requests to drop to 0');
        expect(exposition.series('rag_requests_total')).to.have.deep.members([
          { method: 'GET', route: '/ok', status_code: '200' },
          { method: 'GET', route: '/stream-hang', status_code: '499' },
        ]);
        expect(
          exposition.value('rag_requests_total', {
            method: 'GET',
            route: '/ok',
            status_code: '200',
          }),
        ).to.equal(ANSWERED);
        expect(
          exposition.value('rag_requests_total', {
            method: 'GET',
            route: '/stream-hang',
            status_code: '499',
          }),
        ).to.equal(ABORTED);
        expect(
          exposition.histogram('rag_request_duration_seconds', {
            method: 'GET',
            route: '/stream-hang',
            status_code: '499',
          })?.count,
        ).to.equal(ABORTED);
        expect(
          exposition.value('rag_errors_total', {
            route: '/stream-hang',
            error_type: 'client_aborted',
          }),
        ).to.equal(ABORTED);
        expect(
          exposition.histogram('rag_stage_duration_seconds', { route: '/ok', stage: 'work' })
            ?.count,
        ).to.equal(ANSWERED);
        expect(faults.seen).to.deep.equal([]);
      } finally {
        await app.close();
      }
    });
  }
});
