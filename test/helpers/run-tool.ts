import { spawnSync } from 'node:child_process';

export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command line tool to completion; the output joins stdout and stderr for messages. */
export function runTool(command: string, args: readonly string[], cwd?: string): ToolResult {
  // Below the callers' 180 s mocha timeouts: promtool replaying hours of rules on the shared,
  // loaded 2-core machine has been killed at 60 s (status null).
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 170_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
