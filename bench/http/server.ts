/**
 * Child-process entry: serves one app from `apps.ts` on a free loopback port and reports the port to
 * the parent over IPC. On request it reports its CPU time, which lets the parent compute CPU per
 * request. It exits when the parent disconnects, so no server outlives a run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APPS } from './apps';

// `app@/path/to/dist` serves `app` with the package compiled at that path (a before/after run).
const [name = '', dist] = (process.argv[2] ?? '').split('@');
if (dist !== undefined) process.env.RAG_BENCH_DIST = dist;
const build = APPS[name];
if (build === undefined) {
  console.error(
    `bench server: unknown app ${JSON.stringify(name)}; known: ${Object.keys(APPS).join(', ')}`,
  );
  process.exit(2);
}
const server = createServer(build());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });
});
process.on('message', (message: { cpu?: boolean }) => {
  if (message.cpu === true) {
    const { user, system } = process.cpuUsage();
    process.send?.({ user, system });
  }
});
process.on('disconnect', () => process.exit(0));
