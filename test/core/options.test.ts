import { expect } from 'chai';
import { createRagMetrics } from '../../lib/rag-metrics';

describe('createRagMetrics(options)', () => {
  const fails = (options: object, error: ErrorConstructor, message: string) =>
    expect(() => createRagMetrics({ processMetrics: false, ...options })).to.throw(error, message);

  it('should reject an unknown option and suggest the one meant', () => {
    fails(
      { metricPath: '/m' },
      TypeError,
      'rag-metrics: unknown option "metricPath". Did you mean "metricsPath"?',
    );
  });

  it('should reject a bad maxLabelValues with a RangeError quoting it', () => {
    fails(
      { maxLabelValues: 0 },
      RangeError,
      'rag-metrics: option "maxLabelValues" is 0; it must be an integer from 1 to 100000.',
    );
    fails(
      { maxLabelValues: '5' },
      TypeError,
      'rag-metrics: option "maxLabelValues" is "5"; it must be an integer from 1 to 100000.',
    );
  });

  it('should reject a requestIdExemplars that is not a boolean', () => {
    fails(
      { requestIdExemplars: 'yes' },
      TypeError,
      'rag-metrics: option "requestIdExemplars" is "yes"; it must be true or false.',
    );
  });

  it('should reject a metrics path without a leading slash', () => {
    fails(
      { metricsPath: 'metrics' },
      TypeError,
      'rag-metrics: option "metricsPath" is "metrics"; it must be a path starting with "/" (no query), or false.',
    );
  });

  it('should reject a prefix that is not a metric name', () => {
    fails(
      { prefix: 'rag-' },
      RangeError,
      'rag-metrics: option "prefix" is "rag-"; it must match [a-zA-Z_:][a-zA-Z0-9_:]*, for example "rag_".',
    );
  });

  it('should reject buckets that do not increase', () => {
    fails(
      { buckets: { requestDuration: [1, 0.5] } },
      RangeError,
      'rag-metrics: option "buckets.requestDuration" is [1,0.5]; it must be a non-empty array of finite numbers in strictly increasing order.',
    );
  });

  it('should reject a negative model price', () => {
    fails(
      { pricing: { 'my-model': { input: -1, output: 2 } } },
      RangeError,
      'rag-metrics: option "pricing["my-model"].input" is -1;',
    );
  });

  it('should reject an empty bearer token', () => {
    fails(
      { metricsAuth: { bearerToken: '' } },
      RangeError,
      'rag-metrics: option "metricsAuth.bearerToken" is 0 characters long; it must be at least 16',
    );
  });

  it('should reject a cost environment variable that is not a number, naming it', () => {
    fails(
      { env: { COST_PER_1K_INPUT_TOKENS: 'cheap' } },
      RangeError,
      'rag-metrics: environment variable COST_PER_1K_INPUT_TOKENS is "cheap"; it must be a number ≥ 0 (USD per 1K tokens).',
    );
  });

  it('should read SERVICE_NAME, ENV and METRICS_PORT from the environment, options winning', () => {
    const fromEnv = createRagMetrics({
      processMetrics: false,
      env: { SERVICE_NAME: 'qa', ENV: 'prod', METRICS_PORT: '9464' },
    });
    expect(fromEnv.options).to.include({
      serviceName: 'qa',
      environment: 'prod',
      metricsPort: 9464,
    });
    const fromOptions = createRagMetrics({
      processMetrics: false,
      serviceName: 'docs',
      env: { SERVICE_NAME: 'qa', NODE_ENV: 'test' },
    });
    expect(fromOptions.options).to.include({
      serviceName: 'docs',
      environment: 'test',
      metricsPort: 9464,
    });
  });

  it('should treat every empty or blank environment variable as unset, as a copied .env file leaves them', () => {
    const blank = createRagMetrics({
      processMetrics: false,
      env: {
        SERVICE_NAME: '',
        ENV: '',
        NODE_ENV: ' ',
        SERVICE_VERSION: '',
        npm_package_version: '',
        METRICS_PORT: '',
        COST_PER_1K_INPUT_TOKENS: '',
        COST_PER_1K_OUTPUT_TOKENS: '\t',
      },
    });
    expect(blank.options).to.deep.include({
      serviceName: 'rag-service',
      environment: 'development',
      version: 'unknown',
      metricsPort: 9464,
      fallbackPricePer1K: { input: 0.003, output: 0.015 },
    });
    const fallsThrough = createRagMetrics({
      processMetrics: false,
      env: { ENV: '', NODE_ENV: 'staging', SERVICE_VERSION: '', npm_package_version: '1.2.3' },
    });
    expect(fallsThrough.options).to.include({ environment: 'staging', version: '1.2.3' });
  });

  it('should reject a malformed METRICS_PORT, naming the variable and quoting its value', () => {
    fails(
      { env: { METRICS_PORT: 'abc' } },
      RangeError,
      'rag-metrics: environment variable METRICS_PORT is "abc"; it must be an integer from 0 to 65535.',
    );
  });
});
