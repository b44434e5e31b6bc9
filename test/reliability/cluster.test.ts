import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { clusterMetricsHandler, startClusterMetricsServer } from '../../lib/cluster';
import { requireBinary } from '../helpers/require-binary';
import { Exposition } from '../helpers/scrape';
import { type ChildServer, startChildServer } from './helpers/child-server';

const SCRIPT = join(__dirname, 'fixtures', 'cluster-app.ts');
const N = 200;

function getJson(url: string, agent: Agent): Promise<{ pid: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve(JSON.parse(body) as { pid: number }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('node:cluster: the primary serves metrics aggregated over its workers', function () {
  this.timeout(60_000);
  let cluster: ChildServer | undefined;
  let urls = { app: '', metrics: '' };
  let text = '';
  const pids = new Set<number>();

  before(async () => {
    cluster = await startChildServer(SCRIPT, []);
    urls = JSON.parse(cluster.url) as typeof urls;
    // No keep-alive: each request is a new connection, which the primary deals round-robin.
    const agent = new Agent({ keepAlive: false, maxSockets: 10 });
    for (let sent = 0; sent < N; sent += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => getJson(`${urls.app}/work`, agent)),
      );
      for (const answer of answers) pids.add(answer.pid);
    }
    text = await (await fetch(urls.metrics)).text();
  });

  after(async () => {
    await cluster?.close();
  });

  it('should have spread the requests over both workers', () => {
    expect(pids.size).to.equal(2);
  });

  it(`should count exactly the ${N} requests in one scrape of the primary`, () => {
    const exposition = new Exposition(text);
    const labels = { method: 'GET', route: '/work', status_code: '200' };
    expect(exposition.value('rag_requests_total', labels)).to.equal(N);
    expect(exposition.histogram('rag_request_duration_seconds', labels)?.count).to.equal(N);
    expect(exposition.value('rag_tokens_total', { model: 'gpt-4o-mini', type: 'input' })).to.equal(
      10 * N,
    );
    expect(
      exposition.histogram('rag_request_tokens', { model: 'gpt-4o-mini', type: 'input' })?.count,
    ).to.equal(N);
    expect(exposition.value('rag_active_requests')).to.equal(0);
  });

  it('should report rag_service_info once, not once per worker', () => {
    const exposition = new Exposition(text);
    expect(exposition.series('rag_service_info')).to.have.length(1);
    expect(
      exposition.value('rag_service_info', {
        service: 'cluster-test',
        environment: exposition.series('rag_service_info')[0]?.environment ?? '',
        version: '1.0.0',
      }),
    ).to.equal(1);
  });

  it('should report the lowest rate-limit quota any worker saw', () => {
    const exposition = new Exposition(text);
    expect(
      exposition.value('rag_rate_limit_remaining', { provider: 'openai', limit: 'requests' }),
    ).to.equal(101);
  });

  it('should serve process metrics of the workers too', () => {
    expect(new Exposition(text).has('process_cpu_user_seconds_total')).to.equal(true);
  });

  it('promtool check metrics should accept the aggregated rag_* families', function () {
    requireBinary(this, 'promtool');
    const ragOnly = `${text
      .split('\n')
      .filter((line) => /^(# (HELP|TYPE) )?rag_/.test(line))
      .join('\n')}\n`;
    const result = spawnSync('promtool', ['check', 'metrics'], {
      input: ragOnly,
      encoding: 'utf8',
    });
    expect(result.status, `${result.stdout}${result.stderr}`).to.equal(0);
  });
});

describe('startClusterMetricsServer({ port })', () => {
  it('should reject a port out of range', async () => {
    let caught: unknown;
    await startClusterMetricsServer({ port: -1 }).catch((err: unknown) => {
      caught = err;
    });
    expect(caught).to.be.instanceOf(RangeError);
    expect((caught as Error).message).to.equal(
      'rag-metrics: startClusterMetricsServer option "port" is -1; it must be an integer from 0 to 65535.',
    );
  });
});

describe('clusterMetricsHandler({ metricsAuth })', () => {
  it('should protect the primary endpoint like the workers endpoint', async () => {
    // This process is a cluster primary without workers: the aggregate is empty but served.
    const handler = clusterMetricsHandler({ metricsAuth: { bearerToken: 'primary-scrape-token' } });
    await supertest(handler).get('/metrics').expect(401);
    await supertest(handler).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    const response = await supertest(handler)
      .get('/metrics')
      .set('Authorization', 'Bearer primary-scrape-token')
      .expect(200);
    expect(response.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
    await supertest(handler).post('/metrics').expect(405);
  });
});
