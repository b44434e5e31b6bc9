import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

/** Runs the harness `bench/instructions.ts` puts under valgrind, here without it. */
function runHarness(app: string, count: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, '../../bench/instructions/harness.ts'),
        app,
        String(count),
      ],
      { timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err === null ? 0 : (err.code as number), stderr }),
    );
  });
}

// Smoke test of the instruction-count benchmark's request loop: every request it serves must be
// answered by the app, or the instructions it counts would be those of a request that never ran.
describe('bench/instructions harness (smoke mode, without valgrind)', () => {
  for (const app of ['express-bare', 'express-ragMetrics', 'koa-bare', 'koa-ragMetrics']) {
    it(`should serve 200 requests to ${app} and exit 0`, async () => {
      const { code, stderr } = await runHarness(app, 200);
      expect(stderr).to.equal('');
      expect(code).to.equal(0);
    });
  }

  it('should fail, naming the app, for an app it does not know', async () => {
    const { code, stderr } = await runHarness('express-nothing', 1);
    expect(code).to.equal(1);
    expect(stderr).to.contain('unknown app "express-nothing"');
  });
});
