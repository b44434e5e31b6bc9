import { expect } from 'chai';
import { createRagMetrics } from '../../lib/rag-metrics';
import { Exposition } from '../helpers/scrape';

describe('metrics.monitor(operation, fn)', () => {
  const create = () => createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });

  it('should record work outside HTTP as method JOB with status 200 and return its result', async () => {
    const metrics = create();
    const result = await metrics.monitor('nightly-reindex', async (rag) => {
      await rag.time('retrieval', async () => undefined);
      return 42;
    });
    expect(result).to.equal(42);
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.value('rag_requests_total', {
        method: 'JOB',
        route: 'nightly-reindex',
        status_code: '200',
      }),
    ).to.equal(1);
    expect(
      exposition.histogram('rag_stage_duration_seconds', {
        route: 'nightly-reindex',
        stage: 'retrieval',
      })?.count,
    ).to.equal(1);
  });

  it('should record a failure as status 500 with the error class, and rethrow the same error', async () => {
    const metrics = create();
    const failure = new SyntaxError('bad document');
    let caught: unknown;
    try {
      await metrics.monitor('ingest', () => {
        throw failure;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.equal(failure);
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.value('rag_requests_total', {
        method: 'JOB',
        route: 'ingest',
        status_code: '500',
      }),
    ).to.equal(1);
    expect(
      exposition.value('rag_errors_total', { route: 'ingest', error_type: 'SyntaxError' }),
    ).to.equal(1);
    expect(exposition.value('rag_active_requests')).to.equal(0);
  });

  it('should reject a missing operation name', async () => {
    let caught: unknown;
    await create()
      .monitor('', async () => 1)
      .catch((err: unknown) => {
        caught = err;
      });
    expect(caught).to.be.instanceOf(TypeError);
    expect((caught as Error).message).to.equal(
      'rag-metrics: monitor() needs an operation name; got "".',
    );
  });
});

describe('rag.time(stage, fn)', () => {
  it('should record the stage when fn throws, and rethrow', async () => {
    const metrics = createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });
    await metrics.monitor('op', (rag) => {
      expect(() =>
        rag.time('generation', () => {
          throw new Error('timeout');
        }),
      ).to.throw('timeout');
    });
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.histogram('rag_stage_duration_seconds', { route: 'op', stage: 'generation' })
        ?.count,
    ).to.equal(1);
  });

  it('should record a rejected async stage and pass the rejection on', async () => {
    const metrics = createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });
    await metrics.monitor('op', async (rag) => {
      const outcome = await rag
        .time('retrieval', async () => Promise.reject(new Error('index down')))
        .catch((err: Error) => err.message);
      expect(outcome).to.equal('index down');
    });
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.histogram('rag_stage_duration_seconds', { route: 'op', stage: 'retrieval' })
        ?.count,
    ).to.equal(1);
  });
});

describe('rag.summary()', () => {
  it('should return what the request recorded as a plain object', async () => {
    const metrics = createRagMetrics({ processMetrics: false, includeDefaultRegistry: false });
    await metrics.monitor('op', (rag) => {
      rag.recordTokens({ model: 'gpt-4o', input: 1000, cachedInput: 400, output: 200 });
      rag.recordCache({ hit: true, type: 'exact' });
      rag.recordRelevance(0.5);
      rag.recordError(new RangeError('x'));
      const summary = rag.summary();
      expect(summary).to.deep.include({
        model: 'gpt-4o',
        tokens: { input: 1000, output: 200, cachedInput: 400 },
        costUsd: 0.004,
        cache: { hits: 1, misses: 0, types: ['exact'] },
        relevance: 0.5,
        contextPrecision: undefined,
        stagesMs: {},
        timeToFirstTokenMs: undefined,
        errorType: 'RangeError',
        rateLimitHits: 0,
      });
    });
  });
});
