import { connect } from 'node:net';

/** What came back on a raw connection: the response head, and how much of the body was sent. */
export interface RawAnswer {
  /** Status line and headers, as received. */
  readonly head: string;
  readonly status: number;
  /** Body bytes written before the answer arrived. */
  readonly bytesSent: number;
  /** The server closed the connection after answering. */
  readonly closed: boolean;
}

/**
 * POSTs to `url` on a socket of its own: the head with `headers`, then body chunks of 1 KiB every
 * few milliseconds, up to `maxBytes`, stopping as soon as an answer arrives. Shows whether a
 * server answers (and stops reading) before the whole body is sent. `chunked` sends
 * `Transfer-Encoding: chunked`, which declares no length.
 */
export function postSlowly(
  url: string,
  headers: Readonly<Record<string, string>>,
  options: { readonly chunked: boolean; readonly maxBytes: number },
): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let bytesSent = 0;
    let timer: NodeJS.Timeout | undefined;
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    if (options.chunked) lines.push('Transfer-Encoding: chunked\r\n');
    socket.on('connect', () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\n${lines.join('')}\r\n`);
      const chunk = Buffer.alloc(1024, 0x20);
      const send = () => {
        if (received !== '' || bytesSent >= options.maxBytes || socket.destroyed) return;
        socket.write(options.chunked ? `400\r\n${chunk}\r\n` : chunk);
        bytesSent += chunk.length;
        timer = setTimeout(send, 2);
      };
      send();
    });
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
    });
    let closedByServer = false;
    socket.on('end', () => {
      closedByServer = true;
    });
    // A server that stops reading may reset the connection while we still write: it closed it.
    socket.on('error', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const head = received.split('\r\n\r\n')[0] ?? '';
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 0) reject(new Error(`no answer after ${bytesSent} bytes`));
      else resolve({ head, status, bytesSent, closed: closedByServer });
    });
    // A server that neither answers nor closes: give up (the test then sees `closed: false`).
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}
