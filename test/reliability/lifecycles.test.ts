import { expect } from 'chai';
import fc from 'fast-check';
import { createRagMetrics } from '../../lib/rag-metrics';
import { Exposition } from '../helpers/scrape';
import { eventually, listen } from '../helpers/server';
import { LIFECYCLE_FLAVOURS, type LifecycleFlavour } from './fixtures/lifecycle-flavours';
import { type Lifecycle, STREAM_MODEL, WORK_STAGE } from './fixtures/lifecycles';
import { ProcessFaults } from './helpers/process-faults';
import { firstChunk, getRaw, getThenAbort } from './helpers/raw-http';

/** Every kind of value fast-check can make: garbage a handler might pass to `rag` methods. */
const garbage = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

const lifecycle: fc.Arbitrary<Lifecycle> = fc.oneof(
  fc.constant({ kind: 'success' as const }),
  fc.record({ kind: fc.constant('thrown' as const), errorName: fc.string({ unit: 'grapheme' }) }),
  fc.record({ kind: fc.constant('passed' as const), errorName: fc.string({ unit: 'grapheme' }) }),
  fc.record({
    kind: fc.constant('notFound' as const),
    segment: fc.stringMatching(/^[a-z0-9]{1,12}$/),
  }),
  fc.constant({ kind: 'abortBeforeResponse' as const }),
  fc.constant({ kind: 'abortMidStream' as const }),
  fc.constant({ kind: 'stream' as const }),
  fc.record({ kind: fc.constant('slow' as const), ms: fc.integer({ min: 0, max: 25 }) }),
  fc.record({ kind: fc.constant('garbage' as const), values: fc.array(garbage, { maxLength: 4 }) }),
);

/** Route label and status each lifecycle must be recorded with. */
function expected(step: Lifecycle): { route: string; status: string } {
  switch (step.kind) {
    case 'success':
      return { route: '/ok', status: '200' };
    case 'thrown':
      return { route: '/thrown', status: '500' };
    case 'passed':
      return { route: '/passed', status: '500' };
    case 'notFound':
      return { route: '__unmatched__', status: '404' };
    case 'abortBeforeResponse':
      return { route: '/hang', status: '499' };
    case 'abortMidStream':
      return { route: '/stream-hang', status: '499' };
    case 'stream':
      return { route: '/stream', status: '200' };
    case 'slow':
      return { route: '/slow/:ms', status: '200' };
    case 'garbage':
      return { route: '/garbage', status: '200' };
  }
}

function pathOf(step: Lifecycle, id: string): string {
  switch (step.kind) {
    case 'success':
      return '/ok';
    case 'thrown':
    case 'passed':
      return `/${step.kind}?name=${encodeURIComponent(step.errorName)}`;
    case 'notFound':
      return `/missing/${step.segment}`;
    case 'abortBeforeResponse':
      return `/hang?id=${id}`;
    case 'abortMidStream':
      return '/stream-hang';
    case 'stream':
      return '/stream';
    case 'slow':
      return `/slow/${step.ms}`;
    case 'garbage':
      return `/garbage?id=${id}`;
  }
}

const count = (steps: readonly Lifecycle[], test: (step: Lifecycle) => boolean) =>
  steps.filter(test).length;

/** Sends one run of lifecycles at once to the instrumented app and its twin, then checks /metrics. */
async function checkRun(
  flavour: LifecycleFlavour,
  steps: readonly Lifecycle[],
  faults: ProcessFaults,
) {
  const garbageById = new Map<string, readonly unknown[]>();
  const arrivals = new Map<string, () => void>();
  const arrived = new Map<string, Promise<void>>();
  steps.forEach((step, i) => {
    const id = String(i);
    if (step.kind === 'garbage') garbageById.set(id, step.values);
    arrived.set(id, new Promise((resolve) => arrivals.set(id, resolve)));
  });
  const hooks = {
    garbage: (id: string) => garbageById.get(id) ?? [],
    arrived: (id: string) => arrivals.get(id)?.(),
  };
  const metrics = createRagMetrics({
    processMetrics: false,
    includeDefaultRegistry: false,
    onWarning: () => undefined,
  });
  const app = await listen(flavour.create(hooks, metrics));
  const twin = await listen(flavour.create(hooks));
  try {
    await Promise.all(
      steps.map(async (step, i) => {
        const id = String(i);
        const path = pathOf(step, id);
        if (step.kind === 'abortBeforeResponse') {
          return getThenAbort(`${app.url}${path}`, () => arrived.get(id) as Promise<void>);
        }
        if (step.kind === 'abortMidStream') return getThenAbort(`${app.url}${path}`, firstChunk);
        const [withMiddleware, without] = await Promise.all([
          getRaw(`${app.url}${path}`),
          getRaw(`${twin.url}${path}`),
        ]);
        expect(withMiddleware.status, path).to.equal(without.status);
        expect(withMiddleware.headers, path).to.deep.equal(without.headers);
        expect(withMiddleware.body.equals(without.body), `body of ${path}`).to.equal(true);
      }),
    );
    // Aborted requests are recorded when the server sees the connection close: wait for that.
    let exposition = new Exposition('');
    await eventually(async () => {
      exposition = new Exposition((await getRaw(`${app.url}/metrics`)).body.toString());
      return exposition.value('rag_active_requests') === 0;
    }, 'rag_active_requests to drop to 0');

    const series = exposition.series('rag_requests_total');
    const total = series.reduce(
      (sum, labels) => sum + (exposition.value('rag_requests_total', labels) ?? 0),
      0,
    );
    expect(total, 'rag_requests_total summed').to.equal(steps.length);
    const byRoute = new Map<string, number>();
    for (const step of steps) {
      const { route, status } = expected(step);
      const key = `GET ${route} ${status}`;
      byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const labels of series) {
      const value = exposition.value('rag_requests_total', labels) ?? 0;
      seen.set(`${labels.method} ${labels.route} ${labels.status_code}`, value);
      expect(exposition.histogram('rag_request_duration_seconds', labels)?.count).to.equal(value);
    }
    expect(seen).to.deep.equal(byRoute);

    const errorsOf = (route: string) =>
      exposition
        .series('rag_errors_total')
        .filter((labels) => labels.route === route)
        .reduce((sum, labels) => sum + (exposition.value('rag_errors_total', labels) ?? 0), 0);
    expect(errorsOf('/thrown')).to.equal(count(steps, (s) => s.kind === 'thrown'));
    expect(errorsOf('/passed')).to.equal(count(steps, (s) => s.kind === 'passed'));
    for (const [route, kind] of [
      ['/hang', 'abortBeforeResponse'],
      ['/stream-hang', 'abortMidStream'],
    ] as const) {
      const aborted = count(steps, (s) => s.kind === kind);
      expect(
        exposition.value('rag_errors_total', { route, error_type: 'client_aborted' }) ?? 0,
      ).to.equal(aborted);
    }

    const successes = count(steps, (s) => s.kind === 'success');
    const work = exposition.histogram('rag_stage_duration_seconds', {
      route: '/ok',
      stage: WORK_STAGE,
    });
    expect(work?.count ?? 0).to.equal(successes);
    const streams = count(steps, (s) => s.kind === 'stream');
    const tokens = exposition.histogram('rag_request_tokens', {
      model: STREAM_MODEL,
      type: 'input',
    });
    expect(tokens?.count ?? 0).to.equal(streams);
    expect(
      exposition.value('rag_tokens_total', { model: STREAM_MODEL, type: 'input' }) ?? 0,
    ).to.equal(3 * streams);
    expect(faults.seen).to.deep.equal([]);
  } finally {
    await app.close();
    await twin.close();
  }
}

describe('request lifecycles at random (fast-check)', function () {
  this.timeout(60_000);
  const faults = new ProcessFaults();
  before(() => faults.install());
  after(() => faults.uninstall());

  for (const flavour of LIFECYCLE_FLAVOURS) {
    it(`${flavour.name}: keeps every count exact and every response unchanged`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(lifecycle, { minLength: 1, maxLength: 12 }), (steps) =>
          checkRun(flavour, steps, faults),
        ),
        { numRuns: 40 },
      );
    });
  }
});
