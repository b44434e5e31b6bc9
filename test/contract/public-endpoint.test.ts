import { expect } from 'chai';
import request from 'supertest';
import type { RagMetricsOptions } from '../../lib/options';
import { createRagMetrics } from '../../lib/rag-metrics';
import type { RagMetricsWarning } from '../../lib/types';
import { FLAVOURS } from '../fixtures/flavours';

const PRODUCTION_WARNING: RagMetricsWarning = {
  reason: 'public_endpoint',
  kind: 'metricsPath',
  message:
    'rag-metrics: NODE_ENV is "production" and /metrics is served to anyone who can reach the app: it shows spend per model, provider quota, every route and the version. Protect it with metricsAuth: { bearerToken: process.env.METRICS_TOKEN } (and the same token in Prometheus\'s scrape config), or set metricsPath: false and serve it on a port of its own with metrics.startMetricsServer({ port: 9464 }).',
};

/** The warnings `ragMetrics(options)` gives when an app mounts it with `env`. */
function warningsOf(
  create: (options: RagMetricsOptions) => unknown,
  env: Record<string, string>,
  options: RagMetricsOptions = {},
): RagMetricsWarning[] {
  const warnings: RagMetricsWarning[] = [];
  create({ processMetrics: false, env, onWarning: (w) => warnings.push(w), ...options });
  return warnings;
}

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: ragMetrics() in production with an unprotected /metrics`, () => {
    const create = (options: RagMetricsOptions) => flavour.create(options);

    it('should warn once through onWarning, saying how to fix it, and still serve /metrics', async () => {
      const warnings: RagMetricsWarning[] = [];
      const app = flavour.create({
        processMetrics: false,
        env: { NODE_ENV: 'production' },
        onWarning: (warning) => warnings.push(warning),
      });
      await request(app).get('/metrics').expect(200);
      await request(app).get('/metrics').expect(200);
      expect(warnings).to.deep.equal([PRODUCTION_WARNING]);
    });

    it('should not warn when metricsAuth or metricsPath: false is set, or outside production', () => {
      const production = { NODE_ENV: 'production' };
      expect(
        warningsOf(create, production, { metricsAuth: { bearerToken: 's3cret-scrape-token' } }),
      ).to.be.empty;
      expect(warningsOf(create, production, { metricsAuth: () => true })).to.be.empty;
      expect(warningsOf(create, production, { metricsPath: false })).to.be.empty;
      expect(warningsOf(create, { NODE_ENV: 'development' })).to.be.empty;
      expect(warningsOf(create, { NODE_ENV: '' })).to.be.empty;
    });

    it('should name a custom metricsPath in the warning', () => {
      const [warning] = warningsOf(
        create,
        { NODE_ENV: 'production' },
        { metricsPath: '/internal/m' },
      );
      expect(warning?.message).to.match(
        /^rag-metrics: NODE_ENV is "production" and \/internal\/m is served to anyone/,
      );
    });
  });
}

describe('createRagMetrics() in production', () => {
  it('should not warn before an app mounts the endpoint (a job-only instance serves nothing)', () => {
    expect(warningsOf(createRagMetrics, { NODE_ENV: 'production' })).to.be.empty;
  });
});
