import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { requireBinary } from '../helpers/require-binary';
import { freePort } from '../helpers/spawned-service';
import { FIELDS } from './plain-line-fields';

/** Every process whose process group is `group` (field 5 of /proc/<pid>/stat). */
function processesInGroup(group: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

function refused(host: string): Promise<boolean> {
  const [hostname = '', port = ''] = host.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('npm run demo:stack -- --faults', function () {
  // Time compressed 20x: the error-rate alert fires within about a minute of errors and resolves
  // within about a minute of faults off. Every wait below is bounded.
  this.timeout(300_000);
  let demo: ChildProcess | undefined;
  let output = '';

  const waitFor = async (
    pattern: RegExp,
    what: string,
    seconds = 150,
  ): Promise<RegExpMatchArray> => {
    for (let i = 0; i < seconds * 4; i++) {
      const match = output.match(pattern);
      if (match) return match;
      if (demo?.exitCode !== null) break;
      await sleep(250);
    }
    throw new Error(`no ${what} in the demo's output:\n${output.slice(-3000)}`);
  };

  before(async function () {
    requireBinary(this, 'prometheus');
    requireBinary(this, 'prometheus-alertmanager');
    const env = {
      ...process.env,
      PORT: '0',
      SIMULATOR_PORT: '0',
      PROMETHEUS_PORT: String(await freePort()),
      ALERTMANAGER_PORT: String(await freePort()),
      DEMO_TIME_SCALE: '20',
      DEMO_REFRESH_S: '2',
      SIMULATOR_LATENCY_SCALE: '0.2',
      // No failures but the switched-on faults, so the alert resolves once they are off.
      SIMULATOR_ERROR_RATE: '0',
      SIMULATOR_RATE_LIMIT_RATE: '0',
      TRAFFIC_RPS: '6',
    };
    // Its own process group, as a shell's foreground job: the test can then find every process
    // the demo started, whatever spawned it.
    demo = spawn('npm', ['run', 'demo:stack', '--', '--faults'], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  after(() => {
    if (demo?.pid && processesInGroup(demo.pid).length > 0) process.kill(-demo.pid, 'SIGKILL');
  });

  it('should print the plain line each refresh, with faults on and the alerts firing', async () => {
    const line = await waitFor(/^up=.* faults=on alerts=.*$/m, 'plain line');
    expect(line[0].split(' ').map((field) => field.split('=')[0])).to.deep.equal([
      ...FIELDS,
      'alerts',
    ]);
  });

  // The incident's one page: the shipped inhibition holds HighErrorRate back while the
  // error-budget page for the same service fires, so the receiver gets whichever pages.
  it("should deliver the error-rate incident's firing page to the demo's receiver", async () => {
    await waitFor(
      /^notification: .* firing +(?:ErrorBudgetBurn|HighErrorRate) \(critical\) to page$/m,
      'firing error-rate page',
    );
    await waitFor(/^up=.* alerts=\S*HighErrorRate\(critical\)/m, 'HighErrorRate in the view');
  });

  it('should deliver its resolved notification once faults are switched off', async () => {
    const [, faultsUrl] = await waitFor(/curl -X PUT -d '\{"on":true\}' (\S+)/, 'fault switch URL');
    const response = await fetch(faultsUrl ?? '', { method: 'PUT', body: '{"on":false}' });
    expect(await response.json()).to.deep.equal({ on: false });
    await waitFor(
      /^notification: .* resolved +(?:ErrorBudgetBurn|HighErrorRate) \(critical\) to page$/m,
      'resolved error-rate page',
    );
  });

  it('should stop the app, simulator, receiver, Prometheus and Alertmanager on Ctrl-C, leaving no process', async () => {
    const group = demo?.pid ?? 0;
    const hosts = [
      ...output.matchAll(
        /^(?:LLM simulator|Sample app|Alertmanager|Prometheus): +http:\/\/([\d.]+:\d+)/gm,
      ),
      ...output.matchAll(/webhooks to http:\/\/([\d.]+:\d+)/gm),
    ].map((match) => match[1] ?? '');
    expect(hosts).to.have.length(5);
    for (const host of hosts)
      expect(await refused(host), `${host} listening before Ctrl-C`).to.equal(false);
    const children = [...output.matchAll(/pid (\d+)/g)].map((match) => Number(match[1]));
    expect(children).to.have.length(2);

    // Ctrl-C in a terminal signals the whole foreground group.
    const exited = new Promise((resolve) => demo?.once('exit', resolve));
    process.kill(-group, 'SIGINT');
    await Promise.race([exited, sleep(30_000)]);
    for (let i = 0; i < 40 && processesInGroup(group).length > 0; i++) await sleep(250);

    expect(processesInGroup(group), 'processes left in the group').to.deep.equal([]);
    for (const pid of children) {
      expect(() => process.kill(pid, 0), `pid ${pid}`).to.throw(/ESRCH/);
    }
    for (const host of hosts) expect(await refused(host), `${host} after Ctrl-C`).to.equal(true);
  });
});
