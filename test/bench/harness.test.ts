import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BenchReport } from '../../bench/lib/report';

/**
 * The benchmark harness in its smallest mode: one 0.3 s round of one comparison, a small render and
 * memory run. It checks only that a well-formed result comes out; benchmarks never assert timings.
 */
describe('npm run bench:quick (smoke mode)', () => {
  let dir: string;
  let report: BenchReport;
  let stdout: string;

  before(function () {
    // Generous: on the shared 2-core machine under load the quick run has taken over two minutes.
    this.timeout(400_000);
    dir = mkdtempSync(join(tmpdir(), 'rag-bench-'));
    const out = join(dir, 'result.json');
    return new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, '../../bench/run.ts'),
          '--quick',
          '--rounds',
          '1',
          '--duration',
          '0.3',
          '--processes',
          '2',
          '--comparisons',
          'koa-hello',
          '--render-series',
          '100',
          '--memory-requests',
          '2000',
          '--out',
          out,
        ],
        { timeout: 390_000 },
        (err, output) => {
          if (err) return reject(err);
          stdout = output;
          report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
          resolve();
        },
      );
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should say what machine it ran on', () => {
    expect(report.machine.node).to.equal(process.version);
    expect(report.machine.cpu).to.be.a('string').and.not.equal('');
  });

  it('should load every variant of the comparison and divide by the baseline', () => {
    expect(report.http).to.have.length(1);
    const [koa] = report.http;
    expect(koa?.baseline).to.equal('koa-bare');
    expect(koa?.variants.map((v) => v.variant)).to.deep.equal([
      'koa-bare',
      'koa-ragMetrics',
      'koa-ragLogger',
      'koa-ragMetrics-ragLogger',
      'koa-pino-http',
    ]);
    for (const variant of koa?.variants ?? []) {
      expect(variant.requestsPerSecond.median).to.be.above(0);
      expect(variant.errors).to.equal(0);
      expect(variant.non2xx).to.equal(0);
    }
    expect(koa?.variants[0]?.ratio.median).to.equal(1);
  });

  it('should run each variant in the server processes asked for, and report each one', () => {
    expect(report.settings.processes).to.equal(2);
    for (const variant of report.http[0]?.variants ?? []) {
      expect(variant.cpuMicrosPerProcess, variant.variant).to.have.length(2);
      for (const micros of variant.cpuMicrosPerProcess ?? []) expect(micros).to.be.above(0);
      expect(variant.cpuMicrosPerRound, variant.variant).to.have.length(1);
      expect(variant.cpuRatioInterval?.low).to.be.at.most(variant.cpuRatio.median);
      expect(variant.cpuRatioInterval?.high).to.be.at.least(variant.cpuRatio.median);
    }
  });

  it('should measure what the middleware adds per request on Koa and Express', () => {
    expect(report.adapter.map((r) => r.name)).to.deep.equal([
      'Koa: ragMetrics() per request',
      'Koa: ragLogger() per request',
      'Koa: ragMetrics() + ragLogger() per request',
      'Koa: pino-http alone per request',
      'Express: ragMetrics() per request',
      'Express: ragLogger() per request',
      'Express: ragMetrics() + ragLogger() per request',
      'Express: pino-http alone per request',
    ]);
    for (const row of report.adapter) expect(row.baselineCpuNs).to.be.above(0);
  });

  it('should time every per-request operation', () => {
    expect(report.micro.length).to.be.above(5);
    for (const row of report.micro) {
      expect(row.nsPerOp).to.be.above(0);
      expect(row.cpuNsPerOp).to.be.above(0);
    }
  });

  it('should render the same exposition as prom-client', () => {
    expect(report.render).to.have.length(1);
    expect(report.render[0]?.series).to.equal(100);
    expect(report.render[0]?.identicalExposition).to.equal(true);
  });

  it('should count series and heap before and after the cardinality run', () => {
    expect(report.memory?.requests).to.equal(2000);
    expect(report.memory?.after.series).to.be.above(0);
  });

  it('should print the tables', () => {
    expect(stdout).to.include('### koa-hello (baseline koa-bare)');
  });
});
