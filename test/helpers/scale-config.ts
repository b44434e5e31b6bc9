import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INFRA } from './infra-files';

export const SCALE_CONFIG = join(INFRA, 'scale', 'prometheus.yml');

export interface ScaleConfig {
  global: Record<string, unknown> & { external_labels: Record<string, string> };
  rule_files: string[];
  alerting?: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: {
    job_name: string;
    file_sd_configs: { files: string[]; refresh_interval?: string }[];
  }[];
  remote_write: { url: string; queue_config: Record<string, unknown> }[];
}

export interface ScaleTestOptions {
  readonly targetsFile: string;
  readonly writeUrl: string;
  readonly ruleFiles: readonly string[];
  /** This shard's `prometheus` external label (the shipped one by default). */
  readonly shard?: string;
  /** Where the shard sends its alerts (nowhere when not given). */
  readonly alertmanager?: string;
}

/** infra/scale/prometheus.yml as shipped, pointed at a test's files, store and 1 s intervals. */
export function scaleTestConfig(options: ScaleTestOptions): ScaleConfig {
  const config = parse(readFileSync(SCALE_CONFIG, 'utf8')) as ScaleConfig;
  Object.assign(config.global, {
    scrape_interval: '1s',
    scrape_timeout: '1s',
    evaluation_interval: '1s',
  });
  if (options.shard) config.global.external_labels.prometheus = options.shard;
  config.rule_files = [...options.ruleFiles];
  const job = config.scrape_configs.find((c) => c.job_name === 'rag-app');
  if (job === undefined) throw new Error(`${SCALE_CONFIG} has no rag-app job`);
  job.file_sd_configs = [{ files: [options.targetsFile], refresh_interval: '1s' }];
  const [write] = config.remote_write;
  if (write === undefined) throw new Error(`${SCALE_CONFIG} has no remote_write`);
  write.url = options.writeUrl;
  write.queue_config.batch_send_deadline = '1s';
  const [target] = config.alerting?.alertmanagers[0]?.static_configs ?? [];
  if (target === undefined) throw new Error(`${SCALE_CONFIG} sends no alerts`);
  if (options.alertmanager) target.targets = [new URL(options.alertmanager).host];
  // No Alertmanager to talk to: none, rather than a name that resolves nowhere.
  else delete config.alerting;
  return config;
}
