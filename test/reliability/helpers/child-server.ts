import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildServer {
  /** The first line the child printed: its URL, or JSON with several. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Closes the child's stdin, which tells it to stop, and waits for it to exit (killed after 10 s). */
  close(): Promise<void>;
}

/**
 * Runs a TypeScript server script in a child Node process (through tsx) and resolves with the first
 * line it prints (its URL). The child is killed if it has not printed one within 30 s.
 */
export function startChildServer(script: string, args: readonly string[]): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), script, ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no URL within 30 s:\n${stderr}`));
    }, 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve({ url: line.trim(), child, close });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before printing its URL:\n${stderr}`));
    });
  });
}
