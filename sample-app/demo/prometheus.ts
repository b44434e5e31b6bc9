import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, startDaemon } from './daemon';
import { shortenRuleFile } from './time-scale';

/** `infra/prometheus/rules`: the recording rules and alerts the infra issue ships. */
const RULES_DIR = join(__dirname, '..', '..', 'infra', 'prometheus', 'rules');

export const COMPOSE_COMMAND = 'docker compose -f infra/docker-compose.yml up -d';

export interface RunningPrometheus extends Daemon {
  readonly url: string;
}

/**
 * The infra config's essentials, pointed at the demo: the same job name (`rag-app`, which the
 * dashboards and alerts select on) and rule files, but the app's real loopback address instead of
 * the docker-compose host name, a short scrape interval so panels fill within a minute, and the
 * demo's Alertmanager when one runs.
 */
export function prometheusConfig(
  appTarget: string,
  ruleFiles: readonly string[],
  alertmanagerTarget?: string,
): string {
  const rules = ruleFiles.map((file) => `  - ${JSON.stringify(file)}`).join('\n');
  const alerting = alertmanagerTarget
    ? `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [${JSON.stringify(alertmanagerTarget)}]\n`
    : '';
  return `global:
  scrape_interval: 2s
  evaluation_interval: 2s
${ruleFiles.length > 0 ? `rule_files:\n${rules}\n` : ''}${alerting}scrape_configs:
  - job_name: rag-app
    metrics_path: /metrics
    static_configs:
      - targets: [${JSON.stringify(appTarget)}]
`;
}

export function infraRuleFiles(dir = RULES_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yml') || file.endsWith('.yaml'))
    .sort()
    .map((file) => join(dir, file));
}

/**
 * Starts Prometheus on loopback with a throwaway config and data directory, loading the shipped
 * rule files with time compressed by `timeScale` (see time-scale.ts): same expressions and
 * thresholds, windows and `for:` divided, so alerts fire within minutes instead of an hour.
 */
export async function startPrometheus(
  binary: string,
  options: {
    readonly appTarget: string;
    readonly port: number;
    readonly timeScale: number;
    readonly alertmanagerTarget?: string;
  },
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-demo-prometheus-'));
  const ruleFiles = infraRuleFiles().map((file) => {
    const copy = join(dir, `demo-${file.split('/').pop()}`);
    writeFileSync(copy, shortenRuleFile(readFileSync(file, 'utf8'), options.timeScale));
    return copy;
  });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    prometheusConfig(options.appTarget, ruleFiles, options.alertmanagerTarget),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const daemon = await startDaemon(
    'prometheus',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
    ],
    `${url}/-/ready`,
    dir,
  );
  return { ...daemon, url };
}

/** Names of the alerts firing now (`GET /api/v1/alerts`), sorted, each once. */
export async function firingAlerts(prometheusUrl: string): Promise<string[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/alerts`);
  const body = (await response.json()) as {
    data?: { alerts?: { state: string; labels: Record<string, string> }[] };
  };
  const names = (body.data?.alerts ?? [])
    .filter((alert) => alert.state === 'firing')
    .map((alert) => `${alert.labels.alertname}(${alert.labels.severity ?? ''})`);
  return [...new Set(names)].sort();
}
