import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, startDaemon } from './daemon';
import { demoAlertmanagerConfig } from './time-scale';

/** infra/alertmanager/alertmanager.yml: the routes, grouping and inhibitions the infra ships. */
const CONFIG_FILE = join(__dirname, '..', '..', 'infra', 'alertmanager', 'alertmanager.yml');

export interface RunningAlertmanager extends Daemon {
  /** host:port, for Prometheus' `alerting` block. */
  readonly target: string;
}

/**
 * Starts Alertmanager on loopback with the shipped config, its waits divided by `timeScale` and
 * every webhook sent to the demo's receiver. Clustering is off: a demo is one instance, and the
 * gossip port would collide with another Alertmanager on the machine.
 */
export async function startAlertmanager(
  binary: string,
  options: {
    readonly port: number;
    readonly timeScale: number;
    readonly receiverUrl: (receiver: string) => string;
  },
): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-demo-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(
    configFile,
    demoAlertmanagerConfig(
      readFileSync(CONFIG_FILE, 'utf8'),
      options.timeScale,
      options.receiverUrl,
    ),
  );
  const target = `127.0.0.1:${options.port}`;
  const daemon = await startDaemon(
    'alertmanager',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${target}`,
      '--cluster.listen-address=',
    ],
    `http://${target}/-/ready`,
    dir,
  );
  return { ...daemon, target };
}
