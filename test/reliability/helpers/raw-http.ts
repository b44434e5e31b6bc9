import { type Agent, type ClientRequest, type IncomingMessage, request } from 'node:http';

/** A response as bytes: status, raw headers (less `Date`, which differs by the second) and body. */
export interface RawResponse {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: Buffer;
}

/** GETs `url` and reads the whole response. `agent` false: one connection per request. */
export function getRaw(url: string, agent: Agent | false = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: withoutDate(res.rawHeaders),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * GETs `url` and destroys the connection once `when` resolves for the request: before any
 * response, or in the middle of one. Resolves when the socket has closed.
 */
export function getThenAbort(
  url: string,
  when: (req: ClientRequest) => Promise<unknown>,
  agent: Agent | false = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent });
    // Destroying a request makes it emit ECONNRESET / "socket hang up": expected here.
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.end();
    when(req).then(
      () => req.destroy(),
      (err: unknown) => {
        req.destroy();
        reject(err);
      },
    );
  });
}

/** Resolves with the response once its first body chunk has arrived. */
export function firstChunk(req: ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve) => {
    req.once('response', (res: IncomingMessage) => res.once('data', () => resolve(res)));
  });
}

function withoutDate(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.toLowerCase() !== 'date') kept.push(name, rawHeaders[i + 1] as string);
  }
  return kept;
}
