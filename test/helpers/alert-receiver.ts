import { join } from 'node:path';
import { INFRA } from './infra-files';
import { freePort, spawnService } from './spawned-service';

export const RECEIVER_SCRIPT = join(INFRA, 'alert-receiver', 'receiver.mjs');

/** One webhook notification as infra/alert-receiver/receiver.mjs keeps it. */
export interface ReceivedNotification {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly groupKey: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: readonly {
    readonly status: 'firing' | 'resolved';
    readonly labels: Record<string, string>;
    readonly generatorURL: string;
  }[];
  readonly externalURL: string;
}

export interface AlertReceiver {
  readonly url: string;
  /** Every notification received so far, oldest first. */
  notifications(): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
}

/** The shipped webhook receiver, run by Node on a free loopback port. */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await spawnService(process.execPath, [RECEIVER_SCRIPT], url, '/healthz', {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  });
  return {
    url,
    close: () => service.close(),
    async notifications() {
      const res = await fetch(`${url}/notifications`);
      return (await res.json()) as ReceivedNotification[];
    },
  };
}
