import { expect } from 'chai';
import type { LogLine } from './log-capture';

/** What a timing field reads as after `withoutTimings()`. */
export const MS = '<ms>';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function timing(value: unknown, field: string): string {
  expect(value, field).to.be.a('number').and.to.be.at.least(0);
  return MS;
}

/**
 * The line with every clock reading checked (ISO-8601 `time`; durations are numbers ≥ 0) and then
 * replaced by a placeholder, so that the rest can be compared exactly without timing assertions.
 */
export function withoutTimings(line: LogLine): LogLine {
  const { time, duration_ms, ...rest } = line;
  expect(time).to.be.a('string').and.match(ISO_8601);
  const normalized: LogLine = {
    ...rest,
    time: 'iso',
    duration_ms: timing(duration_ms, 'duration_ms'),
  };
  const rag = rest.rag as Record<string, unknown> | undefined;
  if (rag !== undefined) {
    normalized.rag = { ...rag };
    if (rag.stages_ms !== undefined) {
      const stages: Record<string, string> = {};
      for (const [stage, ms] of Object.entries(rag.stages_ms as Record<string, unknown>)) {
        stages[stage] = timing(ms, `stages_ms.${stage}`);
      }
      (normalized.rag as Record<string, unknown>).stages_ms = stages;
    }
    if (rag.time_to_first_token_ms !== undefined) {
      (normalized.rag as Record<string, unknown>).time_to_first_token_ms = timing(
        rag.time_to_first_token_ms,
        'time_to_first_token_ms',
      );
    }
  }
  const error = rest.error as Record<string, unknown> | undefined;
  if (error?.stack !== undefined) {
    expect(error.stack)
      .to.be.a('string')
      .and.satisfy((stack: string) =>
        stack.startsWith(`${String(error.type)}: ${String(error.message)}\n`),
      );
    normalized.error = { ...error, stack: 'stack' };
  }
  return normalized;
}
