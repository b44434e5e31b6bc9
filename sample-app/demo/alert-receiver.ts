import type { Server } from 'node:http';
import { closeServer, listen } from './listen';

/** One alert of an Alertmanager webhook notification, as the view prints it. */
export interface Notification {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alertname: string;
  readonly severity: string;
}

interface WebhookBody {
  readonly receiver?: string;
  readonly alerts?: readonly {
    readonly status?: string;
    readonly labels?: Readonly<Record<string, string>>;
  }[];
}

export interface AlertReceiver {
  /** The URL Alertmanager's webhook for `receiver` posts to. */
  urlFor(receiver: string): string;
  close(): Promise<void>;
}

/**
 * A webhook receiver for Alertmanager (`POST /alerts/<receiver>`, the webhook JSON), calling
 * `onNotification` once per alert of each notification, firing or resolved.
 */
export async function startAlertReceiver(
  host: string,
  port: number,
  onNotification: (notification: Notification) => void,
): Promise<AlertReceiver> {
  const { server, port: bound } = await listen(
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: WebhookBody;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
        } catch {
          res.writeHead(400).end();
          return;
        }
        const receiver = body.receiver ?? req.url?.replace(/^\/alerts\//, '') ?? '';
        for (const alert of body.alerts ?? []) {
          onNotification({
            receiver,
            status: alert.status === 'resolved' ? 'resolved' : 'firing',
            alertname: alert.labels?.alertname ?? '?',
            severity: alert.labels?.severity ?? '',
          });
        }
        res.writeHead(200).end();
      });
    },
    port,
    host,
    'RECEIVER_PORT',
  );
  return {
    urlFor: (receiver) => `http://${host}:${bound}/alerts/${encodeURIComponent(receiver)}`,
    close: () => closeServer(server as Server),
  };
}
