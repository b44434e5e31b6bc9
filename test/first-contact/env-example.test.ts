import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { consumerProject } from '../helpers/consumer-project';
import { runNode, writeApp } from './helpers';

const root = join(__dirname, '..', '..');

/** Every environment variable the package's source reads (`envVar(env, 'NAME')`, `priceFromEnv(env, 'NAME', …)`). */
function variablesRead(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (path.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const [, name] of source.matchAll(/(?:envVar|priceFromEnv)\(\s*\w+,\s*'(\w+)'/g))
          names.add(name as string);
      }
    }
  };
  visit(join(root, 'lib'));
  return [...names].sort();
}

const PRINT_ENV = `
const { createRagMetrics } = require('rag-metrics');
const { ragLogger } = require('rag-metrics/express');

// my-model has no known price: it is priced at COST_PER_1K_* and reported once.
const metrics = createRagMetrics({ onWarning: (w) => console.log('warning', w.reason, w.kind) });
const logger = ragLogger();
(async () => {
  await metrics.monitor('job', (rag) => rag.recordTokens({ model: 'my-model', input: 1000, output: 1000 }));
  const lines = (await metrics.render()).split('\\n');
  for (const prefix of ['rag_service_info{', 'rag_cost_usd_total{']) {
    console.log(lines.find((line) => line.startsWith(prefix)));
  }
  console.log('metrics port', metrics.options.metricsPort);
  console.log('log level', logger.logger.level);
})();
`;

describe('.env.example, as shipped in the package', function () {
  this.timeout(240_000);

  it('should list every environment variable the package reads', () => {
    const shipped = readFileSync(
      join(consumerProject(), 'node_modules', 'rag-metrics', '.env.example'),
      'utf8',
    );
    const listed = [...shipped.matchAll(/^(\w+)=/gm)].map((match) => match[1]);
    const read = variablesRead().filter((name) => name !== 'npm_package_version'); // set by npm itself
    expect(read).to.include.members([
      'SERVICE_NAME',
      'ENV',
      'NODE_ENV',
      'SERVICE_VERSION',
      'METRICS_PORT',
      'LOG_LEVEL',
    ]);
    expect(listed).to.have.members(read);
  });

  it('should start an app under node --env-file=.env unchanged, with the defaults it documents', () => {
    const project = consumerProject();
    copyFileSync(
      join(project, 'node_modules', 'rag-metrics', '.env.example'),
      join(project, '.env'),
    );
    writeApp('print-env.js', PRINT_ENV);
    const run = runNode(['--env-file=.env', 'print-env.js']);
    expect(run.stderr).to.equal('');
    expect(run.stdout.trim().split('\n')).to.deep.equal([
      'warning fallback_price my-model',
      'rag_service_info{service="rag-service",environment="development",version="unknown"} 1',
      'rag_cost_usd_total{model="my-model"} 0.018', // COST_PER_1K_*: 0.003 + 0.015
      'metrics port 9464',
      'log level info',
    ]);
  });

  it('should name the variable and quote its value when one is malformed', () => {
    writeApp('print-env.js', PRINT_ENV);
    const run = runNode(['print-env.js'], { METRICS_PORT: 'http' });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(
      'RangeError: rag-metrics: environment variable METRICS_PORT is "http"; it must be an integer from 0 to 65535.',
    );
  });
});
