import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SpawnedService {
  readonly url: string;
  close(): Promise<void>;
}

/** A free loopback port: bind port 0, read it, release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts `command` (in `options.cwd`, with `options.env`) and resolves once `readyPath` under `url`
 * answers 2xx (30 s at most, else it is stopped and this rejects with the end of its log).
 * `close()` stops it: SIGTERM, SIGKILL after 5 s.
 */
export async function spawnService(
  command: string,
  args: readonly string[],
  url: string,
  readyPath: string,
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<SpawnedService> {
  const child: ChildProcess = spawn(command, args, {
    ...options,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${command} exited early:\n${log}`);
    const ready = await fetch(`${url}${readyPath}`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return { url, close };
    if (attempt >= 300) {
      await close();
      throw new Error(`${command} not ready after 30 s:\n${log}`);
    }
    await sleep(100);
  }
}
