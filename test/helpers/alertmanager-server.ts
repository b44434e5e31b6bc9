import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { INFRA } from './infra-files';
import { freePort, spawnService } from './spawned-service';

export const ALERTMANAGER_CONFIG = join(INFRA, 'alertmanager', 'alertmanager.yml');

interface Route {
  group_wait?: string;
  group_interval?: string;
  routes?: Route[];
}
interface AlertmanagerConfig {
  route: Route;
  receivers: { name: string; webhook_configs?: { url: string }[] }[];
}

/** An alert as Alertmanager's API v2 lists it. */
export interface ManagedAlert {
  readonly labels: Record<string, string>;
  readonly status: { readonly state: string; readonly inhibitedBy: readonly string[] };
}

export interface AlertmanagerServer {
  readonly url: string;
  /** POST /api/v2/alerts, as Prometheus sends them: firing until `endsAt` (default: in 1 h). */
  post(alerts: readonly { labels: Record<string, string>; endsAt?: Date }[]): Promise<void>;
  /** GET /api/v2/alerts: the alerts it holds, with their inhibition state. */
  alerts(): Promise<ManagedAlert[]>;
  close(): Promise<void>;
}

function shortenTimings(route: Route): void {
  route.group_wait = '1s';
  if (route.group_interval !== undefined || route.routes === undefined) route.group_interval = '2s';
  for (const child of route.routes ?? []) shortenTimings(child);
}

/**
 * infra/alertmanager/alertmanager.yml as shipped (routes, receivers' paths, inhibition), with
 * every webhook sent to `receiverUrl` instead of the compose stack's receiver and group timings
 * cut to seconds, so that a test sees a notification 1 s after an alert and the resolved one 2 s
 * after it ends.
 */
export function testAlertmanagerConfig(receiverUrl: string): string {
  const config = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8')) as AlertmanagerConfig;
  shortenTimings(config.route);
  for (const receiver of config.receivers) {
    for (const webhook of receiver.webhook_configs ?? []) {
      webhook.url = new URL(new URL(webhook.url).pathname, receiverUrl).href;
    }
  }
  return stringify(config);
}

/** A real Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, no clustering. */
export async function startAlertmanager(configText: string): Promise<AlertmanagerServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rag-alertmanager-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'alertmanager.yml'), configText);
  const service = await spawnService(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip port: parallel test runs would fight over the default 9094.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    url,
    '/-/ready',
  ).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    async close() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async post(alerts) {
      const inAnHour = new Date(Date.now() + 3_600_000);
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          alerts.map((a) => ({ labels: a.labels, endsAt: (a.endsAt ?? inAnHour).toISOString() })),
        ),
      });
      if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${await res.text()}`);
    },
    async alerts() {
      return (await (await fetch(`${url}/api/v2/alerts`)).json()) as ManagedAlert[];
    },
  };
}
