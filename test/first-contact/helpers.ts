import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumerProject } from '../helpers/consumer-project';
import { Exposition } from '../helpers/scrape';
import { freePort, type SpawnedService, spawnService } from '../helpers/spawned-service';

/**
 * The environment of a fresh shell: no `npm_*` variables from `npm test` (npm_package_version
 * would become the `version` label) and no NODE_ENV, plus `extra`.
 */
export function freshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

/** Writes `code` as `file` in the shared consumer project; returns the project's directory. */
export function writeApp(file: string, code: string): string {
  const project = consumerProject();
  writeFileSync(join(project, file), code);
  return project;
}

export interface NodeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node ...args` in the consumer project to completion, in a fresh environment. */
export function runNode(args: readonly string[], env: Record<string, string> = {}): NodeRun {
  const result = spawnSync(process.execPath, args, {
    cwd: consumerProject(),
    env: freshEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A request the one-shot app script sends: method, path and optional headers. */
export type ScriptedRequest = readonly [
  method: string,
  path: string,
  headers?: Record<string, string>,
];

/** What a one-shot app script does once its app listens. */
export interface Exercise {
  /** Sent in order. */
  readonly requests: readonly ScriptedRequest[];
  /** Environment variables of the run, on top of a fresh shell's. */
  readonly env?: Record<string, string>;
  /** Headers of the final GET /metrics. */
  readonly metricsHeaders?: Record<string, string>;
}

/**
 * Code appended to an app's own code (which defines `app`): listens on a free port, sends the
 * requests in order, then prints, as one JSON line, each response's status and body and the
 * exposition read from /metrics.
 */
function exerciseCode({ requests, metricsHeaders = {} }: Exercise): string {
  return `
const server = app.listen(0, async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const responses = [];
  for (const [method, path, headers] of ${JSON.stringify(requests)}) {
    const response = await fetch(base + path, { method, headers });
    responses.push({ status: response.status, body: await response.text() });
  }
  const metrics = await (await fetch(base + '/metrics', { headers: ${JSON.stringify(metricsHeaders)} })).text();
  console.log(JSON.stringify({ responses, metrics }));
  server.close();
});
`;
}

export interface Exercised {
  readonly responses: { readonly status: number; readonly body: string }[];
  readonly metrics: Exposition;
  readonly stderr: string;
}

/** Writes `code` and the exercise as `file`, runs it, and parses what it printed. */
export function exerciseApp(file: string, code: string, exercise: Exercise): Exercised {
  writeApp(file, code + exerciseCode(exercise));
  const run = runNode([file], exercise.env);
  if (run.status !== 0) throw new Error(`${file} exited with ${run.status}:\n${run.stderr}`);
  const printed = JSON.parse(run.stdout) as { responses: Exercised['responses']; metrics: string };
  return {
    responses: printed.responses,
    metrics: new Exposition(printed.metrics),
    stderr: run.stderr,
  };
}

/** Starts `node file` in the consumer project with PORT set to a free port; ready once /metrics answers. */
export async function startApp(file: string): Promise<SpawnedService> {
  const port = await freePort();
  return spawnService(process.execPath, [file], `http://127.0.0.1:${port}`, '/metrics', {
    cwd: consumerProject(),
    env: freshEnv({ PORT: String(port) }),
  });
}
