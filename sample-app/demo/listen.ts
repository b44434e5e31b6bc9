import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './env';

/** Listens, turning the usual startup failures into one clear line that names the variable. */
export function listen(
  app: RequestListener,
  port: number,
  host: string,
  variable: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(startupError(err, port, host, variable)),
    );
    server.listen(port, host, () => {
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** The same translation for servers started elsewhere (the simulator). */
export function startupError(err: unknown, port: number, host: string, variable: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `Port ${port} on ${host} is already in use: stop what uses it or set ${variable} to a free port.`,
    );
  }
  if (code === 'EACCES') {
    return new ConfigError(
      `Port ${port} on ${host} needs privileges: set ${variable} to a port above 1023.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ConfigError(`HOST=${host} is not an address of this machine.`);
  }
  return err;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
