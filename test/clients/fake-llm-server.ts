import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../helpers/server';

/** One server-sent event: `event:` (Anthropic names its events) and a JSON or literal `data:`. */
export interface SseEvent {
  readonly event?: string;
  readonly data: unknown;
}

/** What the fake provider answers: a JSON body, or a stream of server-sent events. */
export type FakeReply =
  | { readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly events: readonly SseEvent[]; readonly headers?: Readonly<Record<string, string>> };

export interface FakeRequest {
  readonly method: string;
  /** Path and query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`. */
  readonly url: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface FakeLlm {
  readonly url: string;
  /** Every request the clients made, in order. */
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/**
 * A provider on a loopback port that answers each request with `reply(request)`, in the provider's
 * documented wire format: JSON, or `text/event-stream` ending the way the provider ends it.
 */
export async function startFakeLlm(reply: (request: FakeRequest) => FakeReply): Promise<FakeLlm> {
  const requests: FakeRequest[] = [];
  const server = await listen((req, res) => {
    void readJson(req).then((body) => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', body };
      requests.push(request);
      send(res, reply(request));
    });
  });
  return { url: server.url, requests, close: server.close };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function send(res: ServerResponse, reply: FakeReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if ('json' in reply) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(reply.json));
    return;
  }
  res.setHeader('content-type', 'text/event-stream');
  res.setHeader('cache-control', 'no-cache');
  for (const { event, data } of reply.events) {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`);
  }
  res.end();
}
