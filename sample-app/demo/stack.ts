import type { Notification } from './alert-receiver';
import { startAlertReceiver } from './alert-receiver';
import { startAlertmanager } from './alertmanager';
import { findBinary } from './daemon';
import type { DemoConfig } from './demo-config';
import { COMPOSE_COMMAND, startPrometheus } from './prometheus';

export interface Stack {
  readonly prometheusUrl: string;
}

/**
 * `npm run demo:stack`: Prometheus with the shipped rules and, when installed, Alertmanager with
 * the shipped config delivering to a webhook receiver inside the demo. Each part started is
 * pushed onto `stops` before the next starts, so Ctrl-C stops whatever got started. Without
 * Prometheus, says how to install it and resolves `undefined`.
 */
export async function startStack(
  config: DemoConfig,
  appTarget: string,
  stops: (() => Promise<void>)[],
  onNotification: (notification: Notification) => void,
  log: (line: string) => void,
): Promise<Stack | undefined> {
  const prometheus = findBinary(['prometheus']);
  const alertmanager = findBinary(['prometheus-alertmanager', 'alertmanager']);
  if (!prometheus) {
    log(
      'Prometheus is not installed here: apt-get install prometheus prometheus-alertmanager (Debian), or put them on PATH.',
    );
    log(`For the full stack with Grafana, keep this running and start: ${COMPOSE_COMMAND}`);
    return undefined;
  }
  const scale = config.timeScale;
  let alertmanagerTarget: string | undefined;
  if (alertmanager) {
    const receiver = await startAlertReceiver(config.host, config.receiverPort, onNotification);
    stops.push(() => receiver.close());
    const running = await startAlertmanager(alertmanager, {
      port: config.alertmanagerPort,
      timeScale: scale,
      receiverUrl: receiver.urlFor,
    });
    stops.push(() => running.stop());
    alertmanagerTarget = running.target;
    log(
      `Alertmanager:   http://${running.target}  (infra/alertmanager/alertmanager.yml, waits / ${scale}; webhooks to ${receiver.urlFor('<receiver>')}; pid ${running.pid})`,
    );
  } else {
    log(
      'Alertmanager is not installed here (apt-get install prometheus-alertmanager): alerts show in the view, no notifications.',
    );
  }
  const running = await startPrometheus(prometheus, {
    appTarget,
    port: config.prometheusPort,
    timeScale: scale,
    ...(alertmanagerTarget ? { alertmanagerTarget } : {}),
  });
  stops.push(() => running.stop());
  log(
    `Prometheus:     ${running.url}  (infra/prometheus/rules, windows and for: / ${scale}; pid ${running.pid}; log ${running.logFile})`,
  );
  return { prometheusUrl: running.url };
}
