import { expect } from 'chai';
import { ragFeedbackHandler } from '../../adapters/express';
import { createRagMetrics } from '../../lib/rag-metrics';
import type { RagContext } from '../../lib/types';
import { Exposition } from '../helpers/scrape';

const options = { processMetrics: false, includeDefaultRegistry: false } as const;

describe('rag.recordRetrieval / recordEvaluation / recordRefusal / recordGuardrail', () => {
  it('should put the quality facts at the end of summary(), and leave them out when none were recorded', async () => {
    const metrics = createRagMetrics(options);
    await metrics.monitor('op', (rag) => {
      expect(Object.keys(rag.summary())).to.not.include.members(['retrieval', 'evaluations']);
      rag.recordRetrieval({ documents: 3, topScore: 0.9 });
      rag.recordRetrieval({ documents: 0, source: 'tickets' });
      rag.recordEvaluation('faithfulness', 0.5);
      rag.recordEvaluation('faithfulness', 0.75);
      rag.recordRefusal('no_context');
      rag.recordGuardrail({ name: 'pii', action: 'flagged' });
      const summary = rag.summary();
      expect(Object.keys(summary).slice(-4)).to.deep.equal([
        'retrieval',
        'evaluations',
        'refusals',
        'guardrails',
      ]);
      expect(summary).to.deep.include({
        retrieval: { queries: 2, documents: 3, empty: 1, topScore: 0.9 },
        evaluations: { faithfulness: 0.75 },
        refusals: ['no_context'],
        guardrails: [{ name: 'pii', action: 'flagged' }],
      });
    });
  });

  it('should observe facts recorded after the request finished directly, under its route', async () => {
    const metrics = createRagMetrics(options);
    let late: RagContext | undefined;
    await metrics.monitor('op', (rag) => {
      late = rag;
      rag.recordEvaluation('faithfulness', 0.5);
    });
    // An evaluator that scores the answer after it was sent.
    late?.recordEvaluation('faithfulness', 0.25);
    late?.recordRefusal();
    late?.recordRetrieval({ documents: 0 });
    late?.recordGuardrail({ name: 'toxicity', action: 'passed' });
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.histogram('rag_evaluation_score', { route: 'op', metric: 'faithfulness' }),
    ).to.include({ count: 2, sum: 0.75 });
    expect(exposition.value('rag_refusals_total', { route: 'op', reason: 'declined' })).to.equal(1);
    expect(
      exposition.value('rag_retrieval_empty_total', { route: 'op', source: 'default' }),
    ).to.equal(1);
    expect(
      exposition.value('rag_guardrail_actions_total', {
        route: 'op',
        guardrail: 'toxicity',
        action: 'passed',
      }),
    ).to.equal(1);
  });

  it('should cap evaluation metric names like every label', async () => {
    const metrics = createRagMetrics({ ...options, maxLabelValues: 2, onWarning: () => undefined });
    await metrics.monitor('op', (rag) => {
      for (const name of ['a', 'b', 'c', 'd']) rag.recordEvaluation(name, 1);
    });
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.histogram('rag_evaluation_score', { route: 'op', metric: '__other__' }),
    ).to.include({ count: 2, sum: 2 });
    expect(exposition.value('rag_metrics_rejected_total', { reason: 'label_overflow' })).to.equal(
      2,
    );
  });
});

describe('ragFeedbackHandler(options)', () => {
  it('should name the option and quote the value when options are wrong', () => {
    expect(() => ragFeedbackHandler({ routes: [] })).to.throw(
      TypeError,
      'rag-metrics: ragFeedbackHandler option "routes" is []; it must be a non-empty array of non-empty strings.',
    );
    expect(() => ragFeedbackHandler({ metrics: {} as never })).to.throw(
      TypeError,
      'rag-metrics: ragFeedbackHandler option "metrics" is {}; it must be a RagMetrics instance (createRagMetrics()) or the middleware ragMetrics() returned.',
    );
  });
});
