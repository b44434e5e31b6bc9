import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import {
  type AlertmanagerServer,
  startAlertmanager,
  testAlertmanagerConfig,
} from '../helpers/alertmanager-server';
import { activeAlerts } from '../helpers/prom-api';
import { type PrometheusServer, startPrometheus } from '../helpers/prometheus-server';
import { requireBinary } from '../helpers/require-binary';
import { eventually, getMany, listen } from '../helpers/server';
import { writeShortenedRules } from '../helpers/shortened-rules';
import { createFaultyApp } from './fixtures/faulty-app';

/** `for` durations are divided by this: the 2 min of the budget page become 10 s. */
const FOR_FACTOR = 12;
const PAGE_SEVERITY = 'critical';
const BUDGET_PAGE = `ErrorBudgetBurn/${PAGE_SEVERITY}`;
const ERROR_RATE_PAGE = `HighErrorRate/${PAGE_SEVERITY}`;

/**
 * One incident from the fault to the pager and back, with every real part: an instrumented app
 * whose provider starts failing, Debian's Prometheus evaluating the shipped rules (their `for`
 * shortened, nothing else), Debian's Alertmanager with the shipped routes and inhibition (group
 * timings shortened), and the shipped webhook receiver.
 */
describe('an incident, from injected faults to the page and its resolution', function () {
  // Startup ~10 s, the incident ~40 s, recovery ~30 s; every wait below is bounded.
  this.timeout(240_000);
  const faulty = createFaultyApp();
  let dir = '';
  let app: Awaited<ReturnType<typeof listen>> | undefined;
  let receiver: AlertReceiver | undefined;
  let alertmanager: AlertmanagerServer | undefined;
  let prometheus: PrometheusServer | undefined;
  let trafficRunning = true;
  let traffic: Promise<void> = Promise.resolve();

  /** Page notifications so far, as "status groupKey alertname, ...". */
  const pages = async () =>
    ((await receiver?.notifications()) ?? [])
      .filter((n) => n.receiver === 'page')
      .map((n) => ({
        status: n.status,
        groupKey: n.groupKey,
        alerts: n.alerts.map((a) => a.labels.alertname ?? ''),
      }));
  /** Alerts of the rules now, as "alertname/severity" -> state. */
  const ruleStates = async () =>
    new Map(
      (await activeAlerts(prometheus?.url ?? '')).map((a) => [
        `${a.labels.alertname}/${a.labels.severity}`,
        a.state,
      ]),
    );

  before(async function () {
    requireBinary(this, 'prometheus');
    requireBinary(this, 'prometheus-alertmanager');
    dir = mkdtempSync(join(tmpdir(), 'rag-incident-'));
    receiver = await startAlertReceiver();
    alertmanager = await startAlertmanager(testAlertmanagerConfig(receiver.url));
    app = await listen(faulty.app);
    prometheus = await startPrometheus(
      [new URL(app.url).host],
      writeShortenedRules(dir, FOR_FACTOR),
      { labels: { environment: 'production' }, alertmanager: alertmanager.url },
    );
    // A user a second: little traffic during the fault, so that the recovery's burst of good
    // requests (below) can bring the 5m and 30m error ratios under the burn thresholds without
    // waiting for the errors to leave those windows.
    const url = `${app.url}/ask`;
    traffic = (async () => {
      while (trafficRunning) {
        await fetch(url).then((res) => res.arrayBuffer());
        await sleep(1000);
      }
    })();
    await eventually(
      async () => (await prometheus?.query('rag_requests_total{job="rag-app"}'))?.length !== 0,
      'the first scrape of the app',
      60,
      500,
    );
  });

  after(async () => {
    trafficRunning = false;
    await traffic;
    await prometheus?.close();
    await alertmanager?.close();
    await receiver?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should page nobody while every request succeeds', async () => {
    await sleep(5000);
    const states = await ruleStates();
    expect([...states.keys()].filter((key) => key.endsWith(`/${PAGE_SEVERITY}`))).to.deep.equal([]);
    expect(await pages()).to.deep.equal([]);
  });

  it('should take the budget page and HighErrorRate from pending to firing once the provider fails', async () => {
    faulty.faults = true;
    const seen = new Map<string, string[]>([
      [BUDGET_PAGE, []],
      [ERROR_RATE_PAGE, []],
    ]);
    const firing = () => [...seen.values()].every((states) => states.at(-1) === 'firing');
    for (let attempt = 0; !firing(); attempt++) {
      if (attempt > 480) throw new Error(`alerts never fired: ${JSON.stringify([...seen])}`);
      const states = await ruleStates();
      for (const [key, history] of seen) {
        const state = states.get(key) ?? 'inactive';
        if (history.at(-1) !== state) history.push(state);
      }
      await sleep(250);
    }
    expect(Object.fromEntries(seen)).to.deep.equal({
      [BUDGET_PAGE]: ['inactive', 'pending', 'firing'],
      [ERROR_RATE_PAGE]: ['inactive', 'pending', 'firing'],
    });
  });

  it('should page exactly once for the incident: HighErrorRate is inhibited by the budget page', async () => {
    await eventually(
      async () =>
        (await alertmanager?.alerts())?.some(
          (a) => a.labels.alertname === 'HighErrorRate' && a.status.state === 'suppressed',
        ) ?? false,
      'Alertmanager to hold HighErrorRate, inhibited',
      120,
      500,
    );
    // Two more group intervals (2 s each) for any second page to arrive.
    await sleep(5000);
    const sent = await pages();
    expect(sent.map((p) => p.status)).to.include('firing');
    expect(new Set(sent.map((p) => p.groupKey)).size, JSON.stringify(sent)).to.equal(1);
    expect([...new Set(sent.flatMap((p) => p.alerts))]).to.deep.equal(['ErrorBudgetBurn']);
  });

  it('should send the resolved page once the provider recovers', async () => {
    faulty.faults = false;
    const [firstPage] = await pages();
    // The burn windows are 5 minutes and longer; rather than wait for the errors to leave them,
    // enough good requests bring every ratio under its threshold, as a busy service would.
    const paths = Array.from({ length: 2000 }, () => '/ask');
    for (let burst = 0; ; burst++) {
      const states = await ruleStates();
      if (![...states.keys()].some((key) => key.endsWith(`/${PAGE_SEVERITY}`))) break;
      if (burst > 15) throw new Error(`pages still active: ${JSON.stringify([...states])}`);
      const statuses = await getMany(app?.url ?? '', paths, 16);
      expect([...statuses.keys()]).to.deep.equal([200]);
      await sleep(3000);
    }
    await eventually(
      async () => (await pages()).at(-1)?.status === 'resolved',
      'the resolved page',
      60,
      500,
    );
    const last = (await pages()).at(-1);
    expect(last).to.deep.include({ status: 'resolved', groupKey: firstPage?.groupKey });
    expect(last?.alerts).to.include('ErrorBudgetBurn');
  });
});
