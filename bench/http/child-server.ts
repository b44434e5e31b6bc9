import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { pinProcess } from '../lib/pin';

/** A server under test running in its own process. */
export interface ChildServer {
  readonly name: string;
  readonly url: string;
  /** The server process's CPU time so far, microseconds, as `process.cpuUsage()` reports it. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

/** Forks `server.ts` for one app (TypeScript through tsx) and waits until it listens. */
export function startChildServer(name: string): Promise<ChildServer> {
  const child: ChildProcess = fork(join(__dirname, 'server.ts'), [name], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code}`)));
    child.once('message', (message: { port: number }) => {
      child.removeAllListeners('exit');
      // Once it listens, every thread it will load with exists, and later ones inherit the pinning.
      if (child.pid !== undefined) pinProcess(child.pid, 'server');
      resolve({
        name,
        url: `http://127.0.0.1:${message.port}`,
        cpuUsage: () =>
          new Promise<NodeJS.CpuUsage>((done) => {
            child.once('message', (reply: NodeJS.CpuUsage) => done(reply));
            child.send({ cpu: true });
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}
