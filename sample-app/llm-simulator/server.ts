import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeAnswer } from './answer-writer';
import { type ChatRequest, InvalidChatRequest, parseChatRequest } from './chat-request';
import { SIMULATED_FAILURES, type SimulatedFailure, sendError } from './errors';
import { DEFAULT_FAULTS, FAULTS_PATH, type FaultProfile, serveFaultSwitch } from './faults';
import { findModel, MODEL_PROFILES, type ModelProfile } from './models';
import { PromptCache } from './prompt-cache';
import { type RateLimitQuota, RateLimits } from './rate-limits';
import { chunkBody, completionBody, type FinishReason, usageChunkBody, usageOf } from './responses';
import { logNormalFactor, type Random, seededRandom } from './rng';
import { promptTokens, tokenize } from './tokenizer';

export interface LlmSimulatorOptions {
  /** Multiplies every simulated delay: 1 is realistic, 0 answers at once (tests). @default 1 */
  readonly latencyScale?: number;
  /** Share of requests answered with a 500 or 503. @default 0 */
  readonly serverErrorRate?: number;
  /** Share of requests answered with a 429, on top of real quota exhaustion. @default 0 */
  readonly rateLimitRate?: number;
  /** Seed of the random draws (errors, latency), for reproducible runs. @default 42 */
  readonly seed?: number;
  /** Per-model quotas per minute. @default 600 requests, 400 000 tokens */
  readonly quota?: RateLimitQuota;
  /** Start with faults on (see `setFaults`). @default false */
  readonly faults?: boolean;
  /** What faults do. @default DEFAULT_FAULTS: half the calls fail, 4x slower */
  readonly faultProfile?: FaultProfile;
}

export interface StartOptions extends LlmSimulatorOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1': the simulator is a loopback-only stand-in */
  readonly host?: string;
}

export interface LlmSimulator {
  /** The OpenAI-compatible base URL, ending in `/v1`: what `new OpenAI({ baseURL })` takes. */
  readonly baseURL: string;
  readonly port: number;
  /** Makes the next `times` chat completions fail with `status` (tests, demos). */
  failNext(status: SimulatedFailure, times?: number): void;
  /** Switches faults on or off at once; `PUT /simulator/faults` with `{"on": true}` does the same. */
  setFaults(on: boolean): void;
  readonly faults: boolean;
  close(): Promise<void>;
}

/** Header that forces one request to fail, e.g. `x-simulator-fail: 503`. */
export const FAIL_HEADER = 'x-simulator-fail';

const LATENCY_SIGMA = 0.35;
const MAX_BODY_BYTES = 1_000_000;

/** Starts the simulated OpenAI-compatible server. Rejects with the listen error (e.g. EADDRINUSE). */
export async function startLlmSimulator(options: StartOptions = {}): Promise<LlmSimulator> {
  const simulator = new Simulator(options);
  const server = createServer((req, res) => {
    simulator.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, {}, { message: String(err) });
      else res.destroy();
    });
  });
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    port,
    failNext: (status, times = 1) => simulator.failNext(status, times),
    setFaults: (on) => {
      simulator.faults = on;
    },
    get faults() {
      return simulator.faults;
    },
    close: () => close(server),
  };
}

class Simulator {
  private readonly random: Random;
  private readonly latencyScale: number;
  private readonly promptCache = new PromptCache();
  private readonly rateLimits: RateLimits;
  private readonly forcedFailures: SimulatedFailure[] = [];
  private readonly faultProfile: FaultProfile;
  faults: boolean;

  constructor(private readonly options: LlmSimulatorOptions) {
    this.faults = options.faults ?? false;
    this.faultProfile = options.faultProfile ?? DEFAULT_FAULTS;
    this.random = seededRandom(options.seed ?? 42);
    this.latencyScale = options.latencyScale ?? 1;
    this.rateLimits = new RateLimits(
      options.quota ?? { requestsPerMinute: 600, tokensPerMinute: 400_000 },
    );
  }

  failNext(status: SimulatedFailure, times: number): void {
    for (let i = 0; i < times; i++) this.forcedFailures.push(status);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') return this.listModels(res);
    if (path === FAULTS_PATH) {
      return serveFaultSwitch(
        req,
        res,
        () => readBody(req),
        () => this.faults,
        (on) => {
          this.faults = on;
        },
      );
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(res, 404, {}, { message: `Unknown request URL: ${req.method} ${path}` });
    }
    let request: ChatRequest;
    try {
      request = parseChatRequest(JSON.parse(await readBody(req)));
    } catch (err) {
      const param = err instanceof InvalidChatRequest ? err.param : null;
      const message = err instanceof Error ? err.message : String(err);
      return sendError(res, 400, {}, { message, param });
    }
    const model = findModel(request.model);
    if (!model) {
      return sendError(
        res,
        404,
        {},
        {
          message: `The model \`${request.model}\` does not exist or you do not have access to it.`,
          code: 'model_not_found',
        },
      );
    }
    return this.complete(req, res, request, model);
  }

  private async complete(
    req: IncomingMessage,
    res: ServerResponse,
    request: ChatRequest,
    model: ModelProfile,
  ): Promise<void> {
    const prompt = promptTokens(request.messages);
    // Draw every random number up front, so one request always consumes the same draws.
    const failureDraw = this.random();
    const latencyFactor = logNormalFactor(this.random, LATENCY_SIGMA);
    const failure = this.failureFor(req, failureDraw);
    const quotaLeft = failure === undefined && this.rateLimits.take(request.model, prompt.length);
    const limitHeaders = this.rateLimits.headers(request.model);
    if (failure !== undefined || !quotaLeft) {
      await this.delay(model.timeToFirstTokenMs * latencyFactor * 0.3);
      return sendError(res, failure ?? 429, limitHeaders);
    }

    const userText = request.messages.map((message) => message.content).join('\n');
    let answer = tokenize(writeAnswer(userText, model));
    let finishReason: FinishReason = 'stop';
    if (request.maxTokens !== undefined && answer.length > request.maxTokens) {
      answer = answer.slice(0, request.maxTokens);
      finishReason = 'length';
    }
    const cached = this.promptCache.lookup(request.model, prompt);
    const usage = usageOf(prompt.length, answer.length, cached);
    const identity = {
      id: `chatcmpl-${randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      model: model.snapshot,
    };
    const headers = {
      ...limitHeaders,
      'x-request-id': `req_${randomUUID().replaceAll('-', '')}`,
      'openai-processing-ms': '0',
    };
    const firstTokenMs = model.timeToFirstTokenMs * latencyFactor;
    const perTokenMs = 1000 / model.tokensPerSecond;

    if (!request.stream) {
      await this.delay(firstTokenMs + perTokenMs * answer.length);
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(completionBody(identity, answer.join(''), finishReason, usage)));
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    await this.delay(firstTokenMs);
    send(chunkBody(identity, { role: 'assistant', content: '' }, null, request.includeUsage));
    for (const token of answer) {
      if (res.destroyed) return;
      send(chunkBody(identity, { content: token }, null, request.includeUsage));
      await this.delay(perTokenMs);
    }
    send(chunkBody(identity, {}, finishReason, request.includeUsage));
    if (request.includeUsage) send(usageChunkBody(identity, usage));
    res.end('data: [DONE]\n\n');
  }

  /** A forced failure (header, then queue) wins; otherwise the configured rates decide. */
  private failureFor(req: IncomingMessage, draw: number): SimulatedFailure | undefined {
    const header = Number(req.headers[FAIL_HEADER]);
    const forced = SIMULATED_FAILURES.find((status) => status === header);
    if (forced) return forced;
    const queued = this.forcedFailures.shift();
    if (queued) return queued;
    const serverErrorRate = this.faults
      ? this.faultProfile.serverErrorRate
      : (this.options.serverErrorRate ?? 0);
    const rateLimitRate = this.options.rateLimitRate ?? 0;
    if (draw < serverErrorRate) return draw < serverErrorRate / 2 ? 500 : 503;
    if (draw < serverErrorRate + rateLimitRate) return 429;
    return undefined;
  }

  private listModels(res: ServerResponse): void {
    const data = Object.keys(MODEL_PROFILES).map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'simulator',
    }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data }));
  }

  private async delay(ms: number): Promise<void> {
    const scaled = ms * this.latencyScale * (this.faults ? this.faultProfile.latencyFactor : 1);
    if (scaled >= 1) await sleep(scaled);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new InvalidChatRequest('The request body is too large.', null);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
