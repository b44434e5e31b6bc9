import { DEFAULT_MODELS } from './apps/app-config';
import { createExpressApp } from './apps/express-app';
import { readDemoConfig } from './demo/demo-config';
import { ConfigError } from './demo/env';
import { closeServer, listen, startupError } from './demo/listen';
import { COMPOSE_COMMAND, findPrometheus, startPrometheus } from './demo/prometheus';
import { startLlmSimulator } from './llm-simulator/server';
import { runTraffic } from './traffic';

/**
 * `npm run demo`: the simulated LLM, the Express sample app and the traffic generator, all on
 * loopback. `npm run demo:stack` (`--stack`) also starts Prometheus when it is installed.
 * Ctrl-C stops everything this started.
 */
async function main(): Promise<void> {
  const config = readDemoConfig();
  const withStack = process.argv.includes('--stack');
  const stops: (() => Promise<void>)[] = [];
  const traffic = new AbortController();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    traffic.abort();
    for (const stopOne of stops.reverse()) await stopOne().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    let baseURL = config.openai.baseURL;
    if (baseURL === undefined) {
      const simulator = await startLlmSimulator({ ...config.simulator, host: '127.0.0.1' }).catch(
        (err: unknown) => {
          throw startupError(err, config.simulator.port, '127.0.0.1', 'SIMULATOR_PORT');
        },
      );
      stops.push(() => simulator.close());
      baseURL = simulator.baseURL;
      console.log(
        `LLM simulator:  ${baseURL} (OpenAI-compatible; set OPENAI_BASE_URL to use a real provider)`,
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

    if (withStack) {
      const binary = findPrometheus();
      if (binary) {
        const prometheus = await startPrometheus(
          binary,
          `${config.host}:${port}`,
          config.prometheusPort,
        );
        stops.push(() => prometheus.stop());
        console.log(
          `Prometheus:     ${prometheus.url}  (rules from infra/prometheus/rules; log ${prometheus.logFile})`,
        );
      } else {
        console.log(
          'Prometheus is not installed here (apt-get install prometheus, or put it on PATH).',
        );
        console.log(
          `For the full stack with Grafana, keep this running and start: ${COMPOSE_COMMAND}`,
        );
      }
    }

    console.log(
      `Traffic:        ${config.traffic.requestsPerSecond} requests/s for ${config.traffic.durationSeconds} s. Ctrl-C stops everything.`,
    );
    await runTraffic({
      target: appUrl,
      requestsPerSecond: config.traffic.requestsPerSecond,
      durationSeconds: config.traffic.durationSeconds,
      signal: traffic.signal,
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
