import { Agent } from 'node:http';
import { firstChunk, getRaw, getThenAbort } from './raw-http';

export interface LoadPlan {
  /** Requests to send in all; bounded, so the run stops by itself. */
  readonly total: number;
  /** Connections kept busy at once. */
  readonly concurrency: number;
  /** Every n-th request is aborted by the client in the middle of a streamed response. */
  readonly abortEvery: number;
  readonly answeredPath: string;
  readonly streamPath: string;
}

export interface LoadResult {
  /** Completed responses by status code. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly aborted: number;
}

/** Sends `plan.total` requests over keep-alive connections to a loopback server, `concurrency` at a time. */
export async function runLoad(baseUrl: string, plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(baseUrl);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`load tests target loopback only, not ${url.hostname}`);
  }
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const statuses = new Map<number, number>();
  let aborted = 0;
  let next = 0;
  const worker = async () => {
    while (next < plan.total) {
      const index = next++;
      if (index % plan.abortEvery === plan.abortEvery - 1) {
        await getThenAbort(`${baseUrl}${plan.streamPath}`, firstChunk, agent);
        aborted++;
      } else {
        const { status } = await getRaw(`${baseUrl}${plan.answeredPath}`, agent);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { statuses, aborted };
}
