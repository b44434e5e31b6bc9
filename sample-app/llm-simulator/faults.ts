import type { IncomingMessage, ServerResponse } from 'node:http';

/** What "faults on" does to the simulated provider: the demo's "break it and watch it alert". */
export interface FaultProfile {
  /** Share of completions answered 500/503 while faults are on (instead of the usual rate). */
  readonly serverErrorRate: number;
  /** Multiplies every delay while faults are on. */
  readonly latencyFactor: number;
}

/** Half the calls fail and the rest are 4x slower: the error-rate and burn alerts fire within minutes. */
export const DEFAULT_FAULTS: FaultProfile = { serverErrorRate: 0.5, latencyFactor: 4 };

/** `GET` answers `{"on": false}`; `PUT` with `{"on": true}` switches faults on, without a restart. */
export const FAULTS_PATH = '/simulator/faults';

/** Serves `GET` and `PUT /simulator/faults` for a switch that `current()`/`set()` read and flip. */
export async function serveFaultSwitch(
  req: IncomingMessage,
  res: ServerResponse,
  body: () => Promise<string>,
  current: () => boolean,
  set: (on: boolean) => void,
): Promise<void> {
  if (req.method === 'PUT') {
    const on = parseSwitch(await body());
    if (on === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Expected a JSON body {"on": true} or {"on": false}.' }));
      return;
    }
    set(on);
  } else if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET, PUT', 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: `${req.method} is not allowed on ${FAULTS_PATH}: use GET or PUT.` }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ on: current() }));
}

function parseSwitch(text: string): boolean | undefined {
  try {
    const on = (JSON.parse(text) as { on?: unknown } | null)?.on;
    return typeof on === 'boolean' ? on : undefined;
  } catch {
    return undefined;
  }
}
