import { clearScreenDown, cursorTo, emitKeypressEvents } from 'node:readline';
import type { Notification } from '../demo/alert-receiver';
import type { ViewState } from './format';
import { plainLine } from './plain-line';
import { readHeadlines } from './readings';
import { type Scrape, scrapeUrl } from './scrape';
import { screen } from './screen';

export interface LiveViewOptions {
  /** The app's `/metrics`. */
  readonly metricsUrl: string;
  /** @default 5000 */
  readonly refreshMs?: number;
  readonly out?: NodeJS.WriteStream;
  readonly input?: NodeJS.ReadStream;
  /** The simulator's fault switch, when the demo runs the simulator. */
  readonly faults?: { readonly on: boolean; set(on: boolean): void };
  /** Alerts firing now, when Prometheus runs. */
  readonly firing?: () => Promise<string[]>;
  /** Called on q or Ctrl-C in the TTY (raw mode turns Ctrl-C into a key press). */
  readonly onQuit: () => void;
}

export interface LiveView {
  notify(notification: Notification): void;
  stop(): void;
}

const NOTIFICATIONS_SHOWN = 6;

/**
 * `npm run demo`'s view. In a TTY, one screen redrawn every refresh (and at once on a key press
 * or notification); otherwise one plain line per refresh and one line per notification.
 */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const out = options.out ?? process.stdout;
  const input = options.input ?? process.stdin;
  const tty = out.isTTY === true;
  const first = await scrapeUrl(options.metricsUrl);
  let previous: Scrape = first;
  let state: ViewState | undefined;
  const notifications: string[] = [];

  const draw = () => {
    if (!tty || state === undefined) return;
    cursorTo(out, 0, 0);
    clearScreenDown(out);
    out.write(`${screen(state, notifications).join('\n')}\n`);
  };

  const refresh = async () => {
    const latest = await scrapeUrl(options.metricsUrl);
    const firing = options.firing ? await options.firing().catch(() => undefined) : undefined;
    state = {
      readings: readHeadlines(previous, latest, first),
      uptimeSeconds: (latest.at - first.at) / 1000,
      windowSeconds: (latest.at - previous.at) / 1000,
      faults: options.faults?.on ?? false,
      ...(firing ? { firing } : {}),
    };
    previous = latest;
    if (tty) draw();
    else out.write(`${plainLine(state)}\n`);
  };

  const timer = setInterval(() => {
    refresh().catch((err: unknown) => out.write(`view: ${String(err)}\n`));
  }, options.refreshMs ?? 5000);

  const onKey = (_text: string, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.name === 'q' || (key?.ctrl && key.name === 'c')) options.onQuit();
    else if (key?.name === 'f' && options.faults) {
      options.faults.set(!options.faults.on);
      if (state) state = { ...state, faults: options.faults.on };
      draw();
    }
  };
  const keys = tty && input.isTTY === true;
  if (keys) {
    emitKeypressEvents(input);
    input.setRawMode(true);
    input.on('keypress', onKey);
    input.resume();
  } else {
    out.write('view: one line every refresh (not a terminal: no screen, no keys)\n');
  }

  return {
    notify(notification) {
      const time = new Date().toISOString().slice(11, 19);
      const line = `${time} ${notification.status.padEnd(8)} ${notification.alertname} (${notification.severity}) to ${notification.receiver}`;
      notifications.push(line);
      if (notifications.length > NOTIFICATIONS_SHOWN) notifications.shift();
      if (tty) draw();
      else out.write(`notification: ${line}\n`);
    },
    stop() {
      clearInterval(timer);
      if (keys) {
        input.off('keypress', onKey);
        input.setRawMode(false);
        input.pause();
      }
    },
  };
}
