import { DEFAULT_MODELS } from './apps/app-config';
import { createExpressApp } from './apps/express-app';
import type { Notification } from './demo/alert-receiver';
import { readDemoConfig } from './demo/demo-config';
import { ConfigError } from './demo/env';
import { closeServer, listen, startupError } from './demo/listen';
import { firingAlerts } from './demo/prometheus';
import { startStack } from './demo/stack';
import { FAULTS_PATH } from './llm-simulator/faults';
import { type LlmSimulator, startLlmSimulator } from './llm-simulator/server';
import { runTraffic } from './traffic';
import { type LiveView, startLiveView } from './view/live-view';

/**
 * `npm run demo`: the simulated LLM, the Express sample app, the traffic generator and a live
 * view of the dashboard's headline numbers, all on loopback. `npm run demo:stack` (`--stack`) also
 * starts Prometheus and Alertmanager when installed, with a webhook receiver whose notifications
 * the view prints. `--faults` starts with the simulated provider failing. Ctrl-C stops everything
 * this started.
 */
async function main(): Promise<void> {
  const config = readDemoConfig();
  const withStack = process.argv.includes('--stack');
  const tty = process.stdout.isTTY === true;
  const stops: (() => Promise<void>)[] = [];
  const traffic = new AbortController();
  let view: LiveView | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    traffic.abort();
    view?.stop();
    for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  // A closed terminal: nobody is watching, and Prometheus and Alertmanager must not outlive it.
  process.once('SIGHUP', () => void stop(0));

  try {
    let baseURL = config.openai.baseURL;
    let simulator: LlmSimulator | undefined;
    if (baseURL === undefined) {
      simulator = await startLlmSimulator({
        ...config.simulator,
        host: '127.0.0.1',
        faults: process.argv.includes('--faults'),
      }).catch((err: unknown) => {
        throw startupError(err, config.simulator.port, '127.0.0.1', 'SIMULATOR_PORT');
      });
      const running = simulator;
      stops.push(() => running.close());
      baseURL = simulator.baseURL;
      console.log(
        `LLM simulator:  ${baseURL} (OpenAI-compatible; set OPENAI_BASE_URL to use a real provider)`,
      );
      console.log(
        `Faults:         ${simulator.faults ? 'ON' : 'off'}; switch: curl -X PUT -d '{"on":true}' ${baseURL.replace(/\/v1$/, FAULTS_PATH)}${tty ? ' (or press f)' : ''}`,
      );
    } else {
      console.log(`LLM provider:   ${baseURL} (real: every request costs money)`);
    }

    const app = createExpressApp({
      llm: {
        baseURL,
        apiKey: config.openai.apiKey,
        maxRetries: config.openai.maxRetries,
        timeoutMs: 30_000,
      },
      models: DEFAULT_MODELS,
      metrics: { serviceName: 'quillstack-assistant' },
    });
    const { server, port } = await listen(app, config.port, config.host, 'PORT');
    stops.push(() => closeServer(server));
    const appUrl = `http://${config.host}:${port}`;
    console.log(`Sample app:     ${appUrl}  (POST /ask, GET /ask/stream?q=…, GET /health)`);
    console.log(`Metrics:        ${appUrl}/metrics`);

    const notifications: Notification[] = [];
    const stack = withStack
      ? await startStack(
          config,
          `${config.host}:${port}`,
          stops,
          (notification) => (view ? view.notify(notification) : notifications.push(notification)),
          console.log,
        )
      : undefined;

    console.log(
      `Traffic:        ${config.traffic.requestsPerSecond} requests/s for ${config.traffic.durationSeconds} s. Ctrl-C stops everything.`,
    );
    const faults = simulator;
    view = await startLiveView({
      metricsUrl: `${appUrl}/metrics`,
      refreshMs: config.refreshSeconds * 1000,
      ...(faults
        ? {
            faults: {
              get on() {
                return faults.faults;
              },
              set: (on: boolean) => faults.setFaults(on),
            },
          }
        : {}),
      ...(stack ? { firing: () => firingAlerts(stack.prometheusUrl) } : {}),
      onQuit: () => void stop(0),
    });
    for (const notification of notifications) view.notify(notification);
    await runTraffic({
      target: appUrl,
      requestsPerSecond: config.traffic.requestsPerSecond,
      durationSeconds: config.traffic.durationSeconds,
      signal: traffic.signal,
      // In a TTY the screen shows traffic; piped, the summary line adds the status counts.
      log: tty ? () => undefined : console.log,
    });
    if (!stopping) console.log('Traffic finished; the app keeps serving. Ctrl-C stops everything.');
  } catch (err) {
    console.error(err instanceof ConfigError ? `demo: ${err.message}` : err);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `demo: ${err.message}` : err);
  process.exit(1);
});
