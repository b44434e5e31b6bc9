import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { readThresholds, threshold } from '../../infra/grafana/thresholds';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import {
  type AlertmanagerServer,
  startAlertmanager,
  testAlertmanagerConfig,
} from '../helpers/alertmanager-server';
import { INFRA } from '../helpers/infra-files';
import { instantQuery } from '../helpers/prom-api';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';
import { scaleTestConfig } from '../helpers/scale-config';
import { eventually, listen } from '../helpers/server';
import { writeShortenedRules } from '../helpers/shortened-rules';
import { freePort, type SpawnedService, spawnService } from '../helpers/spawned-service';
import { startVictoriaMetrics, startVmalert } from '../helpers/victoria-metrics';
import { createSpendingApp } from './fixtures/spending-app';

const FLEET_RULES = join(INFRA, 'scale', 'vmalert', 'fleet-rules.yml');
/** `for` durations are divided by this: HighCostBurn's and FleetCostBurn's 5 min become 5 s. */
const FOR_FACTOR = 60;
/** Requests per second each instance answers: one every 250 ms, one at a time. */
const REQUESTS_PER_SECOND = 4;
/** Spend that pages, USD per day: the daily budget times the paging pace, from thresholds.yml. */
const t = readThresholds();
const PAGING_PACE =
  threshold(t, 'rag:threshold:cost_usd_24h') * threshold(t, 'rag:threshold:cost_pace_page');
/**
 * Each instance spends at 80 % of the paging pace (less when the machine is slow: requests are
 * sent one after the other), the two together at 160 %.
 */
const TOKENS_PER_REQUEST = Math.round(((0.8 * PAGING_PACE) / 86_400 / REQUESTS_PER_SECOND) * 1e6);

interface VmalertAlert {
  readonly name: string;
  readonly state: string;
  readonly value: string;
  readonly labels: Record<string, string>;
}

describe('infra/scale/vmalert: fleet-wide alerts on VictoriaMetrics', () => {
  it('vmalert -dryRun should accept the fleet rules', function () {
    requireBinary(this, 'vmalert');
    const result = runTool('vmalert', ['-dryRun', `-rule=${FLEET_RULES}`]);
    expect(result.status, result.output).to.equal(0);
    expect(result.output).to.not.match(/\bfatal\b/);
  });

  describe('two Prometheus shards remote-writing to one VictoriaMetrics', function () {
    // Six services start, spend runs until the fleet alert fires (~20 s); every wait is bounded.
    this.timeout(240_000);
    let dir = '';
    const apps: Awaited<ReturnType<typeof listen>>[] = [];
    const shards: SpawnedService[] = [];
    let store: SpawnedService | undefined;
    let vmalert: SpawnedService | undefined;
    let receiver: AlertReceiver | undefined;
    let alertmanager: AlertmanagerServer | undefined;
    let spending = true;
    let traffic: Promise<unknown> = Promise.resolve();
    /** HighCostBurn states any shard reported while the fleet alert was coming up. */
    const shardCostAlerts = new Set<string>();
    let fleetAlert: VmalertAlert | undefined;

    const vmalertAlerts = async () => {
      const res = await fetch(`${vmalert?.url}/api/v1/alerts`);
      // vmalert answers `"alerts": null` while none is active.
      return ((await res.json()) as { data: { alerts: VmalertAlert[] | null } }).data.alerts ?? [];
    };

    before(async function () {
      for (const tool of ['prometheus', 'victoria-metrics', 'vmalert', 'prometheus-alertmanager']) {
        requireBinary(this, tool);
      }
      dir = mkdtempSync(join(tmpdir(), 'rag-fleet-'));
      store = await startVictoriaMetrics(dir);
      receiver = await startAlertReceiver();
      alertmanager = await startAlertmanager(testAlertmanagerConfig(receiver.url));
      const shardRulesDir = join(dir, 'shard-rules');
      const fleetRulesDir = join(dir, 'fleet-rules');
      mkdirSync(shardRulesDir);
      mkdirSync(fleetRulesDir);
      const shardRules = writeShortenedRules(shardRulesDir, FOR_FACTOR);
      for (const name of ['shard-1', 'shard-2']) {
        const app = await listen(createSpendingApp(TOKENS_PER_REQUEST));
        apps.push(app);
        const targetsFile = join(dir, `${name}.json`);
        writeFileSync(targetsFile, JSON.stringify([{ targets: [new URL(app.url).host] }]));
        const config = scaleTestConfig({
          targetsFile,
          writeUrl: `${store.url}/api/v1/write`,
          ruleFiles: shardRules,
          shard: name,
          alertmanager: alertmanager.url,
        });
        writeFileSync(join(dir, `${name}.yml`), stringify(config));
        const port = await freePort();
        shards.push(
          await spawnService(
            'prometheus',
            [
              `--config.file=${join(dir, `${name}.yml`)}`,
              `--storage.tsdb.path=${join(dir, name)}`,
              `--web.listen-address=127.0.0.1:${port}`,
              '--log.level=warn',
            ],
            `http://127.0.0.1:${port}`,
            '/-/ready',
          ),
        );
      }
      vmalert = await startVmalert(
        writeShortenedRules(fleetRulesDir, FOR_FACTOR, [FLEET_RULES]),
        store.url,
        alertmanager.url,
      );
      traffic = Promise.all(
        apps.map(async (app) => {
          while (spending) {
            await fetch(`${app.url}/ask`).then((res) => res.arrayBuffer());
            await sleep(1000 / REQUESTS_PER_SECOND);
          }
        }),
      );
    });

    after(async () => {
      spending = false;
      await traffic;
      await vmalert?.close();
      for (const shard of shards) await shard.close();
      await alertmanager?.close();
      await receiver?.close();
      await store?.close();
      for (const app of apps) await app.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("should fire FleetCostBurn on the shards' sum while neither shard's own HighCostBurn holds", async () => {
      for (let attempt = 0; fleetAlert?.state !== 'firing'; attempt++) {
        if (attempt > 240) throw new Error('FleetCostBurn never fired in vmalert');
        for (const shard of shards) {
          const alerts = await instantQuery(
            shard.url,
            'ALERTS{alertname="HighCostBurn"}',
            Date.now() / 1000,
          );
          for (const alert of alerts)
            shardCostAlerts.add(`${shard.url} ${alert.metric.alertstate}`);
        }
        fleetAlert = (await vmalertAlerts()).find((a) => a.name === 'FleetCostBurn');
        await sleep(500);
      }
      // Each shard's part of the fleet's pace, by the same expression in the same store (PromQL's
      // rate on a shard would divide this young series' increase by the whole hour instead).
      const now = Date.now() / 1000;
      const paces: number[] = [];
      for (const name of ['shard-1', 'shard-2']) {
        const expr = `sum(rate(rag_cost_usd_total{prometheus="${name}"}[1h])) * 86400`;
        const [pace] = await instantQuery(store?.url ?? '', expr, now);
        paces.push(Number(pace?.value[1]));
      }
      const [first = 0, second = 0] = paces;
      expect(shardCostAlerts, 'HighCostBurn on a shard').to.deep.equal(new Set());
      for (const pace of paces) expect(pace).to.be.within(0.3 * PAGING_PACE, PAGING_PACE);
      // The fleet's pace is the two shards' together, not one shard's.
      expect(Number(fleetAlert.value)).to.be.above(PAGING_PACE);
      expect(Number(fleetAlert.value)).to.be.within(0.8 * (first + second), 1.2 * (first + second));
      expect(fleetAlert.labels).to.deep.include({ severity: 'critical', scope: 'fleet' });
    });

    it('should page through the shared Alertmanager', async () => {
      await eventually(
        async () =>
          ((await receiver?.notifications()) ?? []).some(
            (n) =>
              n.receiver === 'page' && n.alerts.some((a) => a.labels.alertname === 'FleetCostBurn'),
          ),
        'the FleetCostBurn page',
        120,
        500,
      );
    });

    it("should deliver each shard's own alerts too, told apart by their prometheus label", async () => {
      const shardsHeard = async () =>
        new Set(
          ((await receiver?.notifications()) ?? [])
            .filter((n) => n.receiver === 'watchdog')
            .flatMap((n) => n.alerts.map((a) => a.labels.prometheus)),
        );
      await eventually(
        async () => (await shardsHeard()).size === 2,
        'both shards\u2019 Watchdog',
        120,
        500,
      );
      expect(await shardsHeard()).to.deep.equal(new Set(['shard-1', 'shard-2']));
    });
  });
});
