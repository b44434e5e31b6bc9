import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install -y --no-install-recommends python3-prometheus-client';

// The Python client's OpenMetrics parser is strict (it rejects text after `# EOF`, a missing `# EOF`,
// `_total` on a counter family name, malformed exemplars), so it serves as the reference validator.
const VALIDATE = `
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        if s.exemplar is not None:
            print(s.name, sorted(s.labels.items()), sorted(s.exemplar.labels.items()), s.exemplar.value)
`;

export interface OpenMetricsCheck {
  readonly valid: boolean;
  /** The parser's error, or one line per sample that carries an exemplar. */
  readonly output: string;
}

function hasParser(): boolean {
  return (
    spawnSync(PYTHON, ['-c', 'import prometheus_client.openmetrics.parser'], { encoding: 'utf8' })
      .status === 0
  );
}

/**
 * Parses `text` with Debian's python3-prometheus-client OpenMetrics parser. Skips the calling test
 * when it is not installed, except with CI=true, where a missing validator fails.
 */
export function checkOpenMetrics(ctx: Mocha.Context, text: string): OpenMetricsCheck {
  if (!hasParser()) {
    const message = `the OpenMetrics parser is not installed; install it with: ${INSTALL}`;
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing tool fails)`);
    console.warn(`      skipped: ${message}`);
    ctx.skip();
  }
  const result = spawnSync(PYTHON, ['-c', VALIDATE], { input: text, encoding: 'utf8' });
  return { valid: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}
