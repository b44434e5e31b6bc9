import { spawn } from 'node:child_process';
import { accessSync, constants, openSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from './env';

export interface Daemon {
  readonly pid: number;
  readonly logFile: string;
  /** SIGTERM, SIGKILL after 5 s, then removes its working directory. */
  stop(): Promise<void>;
}

/** The first of `names` that is an executable on PATH. */
export function findBinary(
  names: readonly string[],
  path = process.env.PATH ?? '',
): string | undefined {
  for (const name of names) {
    for (const dir of path.split(delimiter)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/**
 * Starts `binary` with its output in `<dir>/<name>.log` and resolves once `readyUrl` answers 2xx;
 * rejects, naming the log, if it exits first or is not ready within 30 s. `dir` is removed on stop.
 */
export async function startDaemon(
  name: string,
  binary: string,
  args: readonly string[],
  readyUrl: string,
  dir: string,
): Promise<Daemon> {
  const logFile = join(dir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    exited.then(() => reject(new Error(`${name} exited at start (code ${child.exitCode})`)));
  });
  const ready = (async () => {
    for (let attempt = 0; attempt < 300; attempt++) {
      const ok = await fetch(readyUrl).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`${name} was not ready after 30 s`);
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (err) {
    // The log goes with the working directory: quote its end (a busy port, a bad rule) first.
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    await stop().catch(() => undefined);
    throw new ConfigError(`${(err as Error).message}. The end of its log:\n${tail}`);
  }
  failed.catch(() => undefined);
  return { pid: child.pid ?? 0, logFile, stop };
}
