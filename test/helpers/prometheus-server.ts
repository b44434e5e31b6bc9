import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { freePort, type SpawnedService, spawnService } from './spawned-service';

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

export interface PrometheusOptions {
  /** Target labels added to every scraped series, e.g. `environment`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Base URL of an Alertmanager to send alerts to. */
  readonly alertmanager?: string;
  /** More command-line flags, such as `--enable-feature=exemplar-storage`. */
  readonly flags?: readonly string[];
}

/**
 * Starts a real Prometheus on 127.0.0.1 with a throwaway data dir, scraping `targets` every
 * second under job `rag-app` and evaluating `ruleFiles` every second. Resolves once /-/ready
 * answers; `close()` stops it and removes the data dir.
 */
export async function startPrometheus(
  targets: readonly string[],
  ruleFiles: readonly string[],
  options: PrometheusOptions = {},
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-prometheus-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const alerting = options.alertmanager
    ? { alertmanagers: [{ static_configs: [{ targets: [new URL(options.alertmanager).host] }] }] }
    : undefined;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      ...(alerting && { alerting }),
      scrape_configs: [
        { job_name: 'rag-app', static_configs: [{ targets, labels: options.labels ?? {} }] },
      ],
    }),
  );
  let prometheus: SpawnedService;
  try {
    prometheus = await spawnService(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(options.flags ?? []),
      ],
      url,
      '/-/ready',
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const close = async () => {
    await prometheus.close();
    rmSync(dir, { recursive: true, force: true });
  };

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
