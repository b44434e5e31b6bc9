import { integerVar, numberVar, stringVar } from './env';

/** Everything `npm run demo` can be told through the environment (see `sample-app/.env.example`). */
export interface DemoConfig {
  readonly host: string;
  readonly port: number;
  readonly simulator: {
    readonly port: number;
    readonly latencyScale: number;
    readonly serverErrorRate: number;
    readonly rateLimitRate: number;
    readonly seed: number;
  };
  readonly openai: {
    /** Set: talk to this provider and start no simulator. */
    readonly baseURL: string | undefined;
    readonly apiKey: string;
    readonly maxRetries: number;
  };
  readonly traffic: {
    readonly requestsPerSecond: number;
    readonly durationSeconds: number;
  };
  readonly prometheusPort: number;
  readonly alertmanagerPort: number;
  /** The demo's webhook receiver for Alertmanager; 0 is any free port. */
  readonly receiverPort: number;
  /** `demo:stack` divides every alert window, `for:` and Alertmanager wait by this. */
  readonly timeScale: number;
  /** Seconds between two refreshes of the view. */
  readonly refreshSeconds: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export function readDemoConfig(env: Env = process.env): DemoConfig {
  const port = (name: string, fallback: number) => integerVar(env, name, fallback, 0, 65_535);
  return {
    host: stringVar(env, 'HOST') ?? '127.0.0.1',
    // 3001: the port infra/prometheus/prometheus.yml scrapes (job rag-app) in the docker compose stack.
    port: port('PORT', 3001),
    simulator: {
      port: port('SIMULATOR_PORT', 4010),
      latencyScale: numberVar(env, 'SIMULATOR_LATENCY_SCALE', 1, 0, 100),
      // Low enough that the error-budget burn alerts stay quiet until faults are switched on.
      serverErrorRate: numberVar(env, 'SIMULATOR_ERROR_RATE', 0.01, 0, 1),
      rateLimitRate: numberVar(env, 'SIMULATOR_RATE_LIMIT_RATE', 0.005, 0, 1),
      seed: integerVar(env, 'SIMULATOR_SEED', 42, 0, 2 ** 32 - 1),
    },
    openai: {
      baseURL: stringVar(env, 'OPENAI_BASE_URL'),
      apiKey: stringVar(env, 'OPENAI_API_KEY') ?? 'sk-simulator',
      maxRetries: integerVar(env, 'OPENAI_MAX_RETRIES', 0, 0, 10),
    },
    traffic: {
      requestsPerSecond: numberVar(env, 'TRAFFIC_RPS', 3, 0.1, 50),
      durationSeconds: numberVar(env, 'TRAFFIC_DURATION_S', 3600, 1, 86_400),
    },
    prometheusPort: port('PROMETHEUS_PORT', 9090),
    alertmanagerPort: port('ALERTMANAGER_PORT', 9093),
    receiverPort: port('RECEIVER_PORT', 0),
    timeScale: numberVar(env, 'DEMO_TIME_SCALE', 10, 1, 100),
    refreshSeconds: numberVar(env, 'DEMO_REFRESH_S', 5, 0.5, 60),
  };
}
