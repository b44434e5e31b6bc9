import { join } from 'node:path';
import { expect } from 'chai';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import {
  ALERTMANAGER_CONFIG,
  type AlertmanagerServer,
  startAlertmanager,
  testAlertmanagerConfig,
} from '../helpers/alertmanager-server';
import { INFRA, readYaml } from '../helpers/infra-files';
import { requireBinary } from '../helpers/require-binary';
import { runTool } from '../helpers/run-tool';
import { eventually } from '../helpers/server';

const CONFIG = ALERTMANAGER_CONFIG;

/** The receiver amtool routes an alert with these labels to. */
function receiverFor(...labels: string[]): string {
  const result = runTool('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${CONFIG}`,
    ...labels,
  ]);
  expect(result.status, result.output).to.equal(0);
  return result.output.split('\n').find((line) => line && !line.startsWith('Warning')) ?? '';
}

describe('infra/alertmanager/alertmanager.yml', () => {
  describe('with amtool', () => {
    before(function () {
      requireBinary(this, 'amtool');
    });

    it('amtool check-config should accept it', () => {
      const result = runTool('amtool', ['check-config', CONFIG]);
      expect(result.status, result.output).to.equal(0);
    });

    it("should send the always-firing Watchdog to the dead man's switch, never to a person", () => {
      expect(receiverFor('alertname=Watchdog', 'severity=none')).to.equal('watchdog');
    });

    it('should page for critical alerts and open a ticket for warnings', () => {
      expect(receiverFor('alertname=HighErrorRate', 'severity=critical', 'job=rag')).to.equal(
        'page',
      );
      expect(receiverFor('alertname=LowCacheHitRate', 'severity=warning', 'job=rag')).to.equal(
        'ticket',
      );
    });

    it('should send the always-firing Watchdog to the watchdog receiver, never to a page', () => {
      expect(receiverFor('alertname=Watchdog', 'severity=none')).to.equal('watchdog');
      expect(receiverFor('alertname=Watchdog', 'severity=critical')).to.equal('watchdog');
    });
  });

  it('should send every notification to the compose stack alert-receiver service', () => {
    const config = readYaml<{ receivers: { name: string; webhook_configs: { url: string }[] }[] }>(
      CONFIG,
    );
    const compose = readYaml<{ services: Record<string, { environment?: { PORT?: string } }> }>(
      join(INFRA, 'docker-compose.yml'),
    );
    const port = compose.services['alert-receiver']?.environment?.PORT;
    expect(
      config.receivers.flatMap((r) => r.webhook_configs.map((w) => `${r.name} ${w.url}`)),
    ).to.deep.equal([
      `page http://alert-receiver:${port}/alerts/page`,
      `ticket http://alert-receiver:${port}/alerts/ticket`,
      `watchdog http://alert-receiver:${port}/alerts/watchdog`,
    ]);
  });

  describe('with a live Alertmanager and the shipped webhook receiver', function () {
    this.timeout(60_000);
    let receiver: AlertReceiver | undefined;
    let alertmanager: AlertmanagerServer | undefined;
    const budgetPage = {
      alertname: 'ErrorBudgetBurn',
      severity: 'critical',
      window: '1h',
      job: 'rag-app',
      environment: 'production',
    };
    const errorRatePage = {
      alertname: 'HighErrorRate',
      severity: 'critical',
      job: 'rag-app',
      environment: 'production',
    };

    const allFailing = { ...errorRatePage, alertname: 'AllRequestsFailing' };

    before(async function () {
      requireBinary(this, 'prometheus-alertmanager');
      receiver = await startAlertReceiver();
      alertmanager = await startAlertmanager(testAlertmanagerConfig(receiver.url));
    });

    after(async () => {
      await alertmanager?.close();
      await receiver?.close();
    });

    /** Notifications sent to `name` so far, as "status alertname/environment, ...". */
    async function sent(name: string): Promise<string[]> {
      const all = (await receiver?.notifications()) ?? [];
      return all
        .filter((n) => n.receiver === name)
        .map(
          (n) =>
            `${n.status} ${n.alerts
              .map((a) => `${a.labels.alertname}/${a.labels.environment}`)
              .sort()
              .join(', ')}`,
        );
    }

    it('should page once when the budget burn, HighErrorRate and AllRequestsFailing fire for the same service', async () => {
      if (!alertmanager) return;
      await alertmanager.post([{ labels: budgetPage }]);
      await eventually(async () => (await sent('page')).length > 0, 'the budget page', 100, 100);
      await alertmanager.post([
        { labels: budgetPage },
        { labels: errorRatePage },
        { labels: allFailing },
      ]);
      // Their groups wait 1 s and flush every 2 s: 5 s more is more than two chances to page.
      await eventually(
        async () =>
          (await alertmanager?.alerts())?.filter((a) => a.status.state === 'suppressed').length ===
          2,
        'HighErrorRate and AllRequestsFailing to be inhibited',
        100,
        100,
      );
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expect(await sent('page')).to.deep.equal(['firing ErrorBudgetBurn/production']);
    });

    it('should still page for HighErrorRate of staging while production burns its budget', async () => {
      if (!alertmanager) return;
      await alertmanager.post([
        { labels: budgetPage },
        { labels: errorRatePage },
        { labels: { ...errorRatePage, environment: 'staging' } },
      ]);
      await eventually(async () => (await sent('page')).length > 1, 'the staging page', 100, 100);
      expect(await sent('page')).to.deep.equal([
        'firing ErrorBudgetBurn/production',
        'firing HighErrorRate/staging',
      ]);
    });

    it('should send the resolved notification once the budget burn ends', async () => {
      if (!alertmanager) return;
      const now = new Date();
      await alertmanager.post([
        { labels: budgetPage, endsAt: now },
        { labels: errorRatePage, endsAt: now },
        { labels: allFailing, endsAt: now },
        { labels: { ...errorRatePage, environment: 'staging' }, endsAt: now },
      ]);
      await eventually(async () => (await sent('page')).length > 3, 'the resolved pages', 100, 100);
      // The production incident resolves as a whole: the alerts it held back resolved with it.
      expect((await sent('page')).slice(2).sort()).to.deep.equal([
        'resolved AllRequestsFailing/production, ErrorBudgetBurn/production, HighErrorRate/production',
        'resolved HighErrorRate/staging',
      ]);
    });
  });
});
