import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query at now; throws on a PromQL error. */
  query(expr: string): Promise<PromSample[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free loopback port: bind port 0, read it, release it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts a real Prometheus on 127.0.0.1 with a throwaway data dir, scraping `targets` every
 * second under job `rag-app` and evaluating `ruleFiles` every second. Resolves once /-/ready
 * answers; `close()` stops it and removes the data dir.
 */
export async function startPrometheus(
  targets: readonly string[],
  ruleFiles: readonly string[],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-prometheus-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      scrape_configs: [{ job_name: 'rag-app', static_configs: [{ targets }] }],
    }),
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Bounded wait for the HTTP API: 30 s at most.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`prometheus exited early:\n${log}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (attempt >= 300) {
      await close();
      throw new Error(`prometheus not ready after 30 s:\n${log}`);
    }
    await sleep(100);
  }

  return {
    url,
    close,
    async query(expr: string): Promise<PromSample[]> {
      const res = await fetch(`${url}/api/v1/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: expr }),
      });
      const body = (await res.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: PromSample[] };
      };
      if (body.status !== 'success' || !body.data) {
        throw new Error(`query failed: ${expr}\n${body.error ?? res.status}`);
      }
      if (body.data.resultType !== 'vector') {
        throw new Error(`expected a vector from ${expr}, got ${body.data.resultType}`);
      }
      return body.data.result;
    },
  };
}

/** Polls `query` until it returns a series (or `accept` holds), 60 s at most. */
export async function waitForSeries(
  prometheus: PrometheusServer,
  expr: string,
  accept: (samples: PromSample[]) => boolean = (samples) => samples.length > 0,
): Promise<PromSample[]> {
  let last: PromSample[] = [];
  for (let attempt = 0; attempt < 120; attempt++) {
    last = await prometheus.query(expr);
    if (accept(last)) return last;
    await sleep(500);
  }
  return last;
}
