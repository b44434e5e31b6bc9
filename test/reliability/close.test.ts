import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const CHILD = join(__dirname, 'fixtures', 'close-child.ts');
const EXIT_WAIT_MS = 15_000;

describe('metrics.close()', function () {
  this.timeout(EXIT_WAIT_MS + 5_000);

  it('should let a process that used everything the package starts exit by itself', async () => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), CHILD], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Bounded: a process kept alive by a timer or a server is killed, and the test fails.
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running: something keeps the event loop alive');
      }, EXIT_WAIT_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(`exited with code ${code} signal ${signal}`);
      });
    });
    expect(outcome, stderr).to.equal('exited with code 0 signal null');
    expect(JSON.parse(stdout)).to.deep.equal({ statuses: [200, 200, 200], listening: false });
  });
});
