import { ConfigError, numberVar, stringVar } from './demo/env';
import { type RatedAnswer, ratingFor } from './demo/feedback';
import { nextRequest, type TrafficRequest } from './demo/traffic-mix';
import { type Random, seededRandom } from './llm-simulator/rng';

export interface TrafficOptions {
  /** The sample app, e.g. `http://127.0.0.1:3000`. */
  readonly target: string;
  readonly requestsPerSecond: number;
  /** Stops by itself after this long. */
  readonly durationSeconds: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  /** Where the periodic summary line goes. @default console.log */
  readonly log?: (line: string) => void;
}

const MAX_IN_FLIGHT = 50;
const SUMMARY_EVERY_MS = 10_000;

/**
 * Sends a realistic mix of requests to the sample app at a steady rate (open loop: a slow answer
 * does not slow the arrivals, as with real users) until the duration ends or `signal` aborts.
 */
export async function runTraffic(options: TrafficOptions): Promise<void> {
  const random = seededRandom(options.seed ?? 7);
  const log = options.log ?? console.log;
  const statuses = new Map<string, number>();
  let inFlight = 0;
  let sent = 0;
  const intervalMs = 1000 / options.requestsPerSecond;
  const endAt = Date.now() + options.durationSeconds * 1000;
  let nextSummary = Date.now() + SUMMARY_EVERY_MS;

  while (!options.signal?.aborted && Date.now() < endAt) {
    if (inFlight < MAX_IN_FLIGHT) {
      inFlight += 1;
      sent += 1;
      send(options.target, nextRequest(random), random, options.signal)
        .then((status) => statuses.set(status, (statuses.get(status) ?? 0) + 1))
        .finally(() => {
          inFlight -= 1;
        });
    }
    if (Date.now() >= nextSummary) {
      nextSummary += SUMMARY_EVERY_MS;
      const byStatus = [...statuses].map(([status, count]) => `${status}×${count}`).join(' ');
      log(`traffic: ${sent} requests sent; responses ${byStatus || 'none yet'}`);
    }
    await sleep(intervalMs, options.signal);
  }
}

async function send(
  target: string,
  request: TrafficRequest,
  random: Random,
  signal?: AbortSignal,
): Promise<string> {
  try {
    const response =
      request.kind === 'bad'
        ? await fetch(`${target}/ask`, post(request.body, signal))
        : request.kind === 'ask'
          ? await fetch(`${target}/ask`, post(JSON.stringify(request), signal))
          : await fetch(
              `${target}/ask/stream?${new URLSearchParams({ q: request.question, model: request.model })}`,
              { signal: signal ?? null },
            );
    const text = await response.text();
    if (request.kind === 'ask' && response.ok) {
      await sendFeedback(target, JSON.parse(text) as RatedAnswer, random, signal);
    }
    return String(response.status);
  } catch {
    return 'network-error';
  }
}

/** Some users rate the answer they got (POST /feedback), as a later request of their own. */
async function sendFeedback(
  target: string,
  answer: RatedAnswer,
  random: Random,
  signal?: AbortSignal,
): Promise<void> {
  const rating = ratingFor(answer, random);
  if (rating === undefined) return;
  const body = JSON.stringify({ rating, route: '/ask', model: answer.model });
  const response = await fetch(`${target}/feedback`, post(body, signal));
  await response.text();
}

function post(body: string, signal?: AbortSignal): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: signal ?? null,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** `tsx sample-app/traffic.ts`: drive an already running sample app (TRAFFIC_TARGET). */
if (require.main === module) {
  try {
    const env = process.env;
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    process.once('SIGTERM', () => controller.abort());
    const target =
      stringVar(env, 'TRAFFIC_TARGET') ?? `http://127.0.0.1:${stringVar(env, 'PORT') ?? '3001'}`;
    runTraffic({
      target,
      requestsPerSecond: numberVar(env, 'TRAFFIC_RPS', 3, 0.1, 50),
      durationSeconds: numberVar(env, 'TRAFFIC_DURATION_S', 3600, 1, 86_400),
      signal: controller.signal,
    }).then(() => console.log('traffic: done'));
    console.log(`traffic: sending to ${target} (Ctrl-C stops)`);
  } catch (err) {
    console.error(err instanceof ConfigError ? `traffic: ${err.message}` : err);
    process.exitCode = 1;
  }
}
