// A minimal Alertmanager webhook receiver, so that an alert's whole way (rule -> Prometheus ->
// Alertmanager -> receiver) can be watched without a paging account:
// - POST /alerts/<receiver>: one Alertmanager webhook notification; printed as one JSON line
//   (`docker compose -f infra/docker-compose.yml logs alert-receiver`);
// - GET /notifications: the last 100 notifications, oldest first, as JSON;
// - GET /healthz: 200.
// Plain Node, no dependency, so the compose stack runs it on the stock node image. Point
// ../alertmanager/alertmanager.yml at your PagerDuty, Opsgenie or Slack integration instead.
import { createServer } from 'node:http';

const KEPT = 100;
const port = Number(process.env.PORT ?? 5001);
const host = process.env.HOST ?? '0.0.0.0';
const notifications = [];

/** What a person reading the log needs from a notification, without Alertmanager's bulk. */
function summary(receiver, body) {
  return {
    receiver,
    status: body.status,
    // Alertmanager's identity of the group: paging services deduplicate incidents on it.
    groupKey: body.groupKey,
    groupLabels: body.groupLabels,
    alerts: (body.alerts ?? []).map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      generatorURL: alert.generatorURL,
    })),
    externalURL: body.externalURL,
  };
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const server = createServer((req, res) => {
  const receiver = /^\/alerts\/([\w-]+)$/.exec(req.url ?? '')?.[1];
  if (req.method === 'GET' && req.url === '/healthz') return reply(res, 200, { ok: true });
  if (req.method === 'GET' && req.url === '/notifications') return reply(res, 200, notifications);
  if (req.method !== 'POST' || receiver === undefined)
    return reply(res, 404, { error: 'not found' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'the body is not JSON' });
    }
    const notification = summary(receiver, body);
    notifications.push(notification);
    if (notifications.length > KEPT) notifications.shift();
    console.log(JSON.stringify(notification));
    reply(res, 200, { ok: true });
  });
});

server.listen(port, host, () => console.error(`alert receiver listening on ${host}:${port}`));
// `docker compose stop` sends SIGTERM; Node running as PID 1 would ignore it for 10 s without this.
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0));
