import { type ChildProcess, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** `infra/prometheus/rules`: the recording rules and alerts the infra issue ships. */
const RULES_DIR = join(__dirname, '..', '..', 'infra', 'prometheus', 'rules');

export const COMPOSE_COMMAND = 'docker compose -f infra/docker-compose.yml up -d';

export interface RunningPrometheus {
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** The `prometheus` binary on PATH, if any. */
export function findPrometheus(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, 'prometheus');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The infra config's essentials, pointed at the demo: the same job name (`rag-app`, which the
 * dashboards and alerts select on) and rule files, but the app's real loopback address instead of
 * the docker-compose host name, and a short scrape interval so panels fill within a minute.
 */
export function prometheusConfig(appTarget: string, ruleFiles: readonly string[]): string {
  const rules = ruleFiles.map((file) => `  - ${JSON.stringify(file)}`).join('\n');
  return `global:
  scrape_interval: 5s
  evaluation_interval: 5s
${ruleFiles.length > 0 ? `rule_files:\n${rules}\n` : ''}scrape_configs:
  - job_name: rag-app
    metrics_path: /metrics
    static_configs:
      - targets: [${JSON.stringify(appTarget)}]
`;
}

export function infraRuleFiles(dir = RULES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yml') || file.endsWith('.yaml'))
    .sort()
    .map((file) => join(dir, file));
}

/** Starts Prometheus on loopback with a throwaway config and data directory. */
export async function startPrometheus(
  binary: string,
  appTarget: string,
  port: number,
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-demo-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  const logFile = join(dir, 'prometheus.log');
  writeFileSync(configFile, prometheusConfig(appTarget, infraRuleFiles()));
  const log = openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  await startedOrFailed(child, logFile);
  return {
    url: `http://127.0.0.1:${port}`,
    logFile,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves after a short grace period, or rejects if Prometheus exits at once (bad port, bad rules). */
function startedOrFailed(child: ChildProcess, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 1500);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prometheus exited at start (code ${code}); see ${logFile}`));
    });
  });
}
