import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

/**
 * Smoke test of `bench/profile.ts`: a 2 s profile of the Express app with the package built in
 * `dist/` (`npm test` builds it first). It checks only that a well-formed report comes out, with
 * the package's own functions found in it; benchmarks never assert timings.
 */
describe('bench/profile.ts (smoke mode)', () => {
  let stdout: string;

  before(function () {
    this.timeout(120_000);
    return new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, '../../bench/profile.ts'),
          'express-ragMetrics',
          '2',
          '5',
        ],
        { timeout: 110_000 },
        (err, output) => {
          if (err) return reject(err);
          stdout = output;
          resolve();
        },
      );
    });
  });

  it('should say how many requests were served and how much CPU was busy', () => {
    const match = /^express-ragMetrics: (\d+) requests, busy CPU (\d+) ms$/m.exec(stdout);
    expect(match, stdout).to.not.equal(null);
    expect(Number(match?.[1])).to.be.above(0);
    expect(Number(match?.[2])).to.be.above(0);
    expect(stdout).to.match(
      /^package files \(.+\/dist\): [\d.]+ ms self time, [\d.]+ % of busy CPU, \d+ ns per request$/m,
    );
  });

  it("should list the busiest functions, the package's own among them", () => {
    const [, ownSection = ''] = stdout.split('\nbusiest functions of the package:\n');
    const own = ownSection.split('\n').filter((line) => /^ +[\d.]+ ms {2}\S/.test(line));
    expect(own.length, stdout).to.be.within(1, 5);
    for (const line of own) expect(line).to.include('/dist/');
  });
});
