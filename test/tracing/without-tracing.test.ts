import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const CHILD = join(__dirname, 'fixtures', 'render-untraced.ts');

function render(mode: string): Record<string, { text: string; openMetrics: string }> {
  const out = execFileSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), CHILD, mode],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return JSON.parse(out);
}

describe('exposition without tracing', function () {
  this.timeout(240_000);

  it('should be byte-identical without @opentelemetry/api and with it but no active span', () => {
    const withoutApi = render('without-api');
    const withoutSpan = render('without-span');
    expect(Object.keys(withoutApi)).to.deep.equal(['Express 4', 'Express 5', 'Koa 2', 'Koa 3']);
    for (const [flavour, rendered] of Object.entries(withoutApi)) {
      expect(rendered.text, flavour).to.contain('rag_cost_usd_total{model="gpt-4o"} ');
      expect(rendered.openMetrics, flavour).not.to.contain(' # {');
      expect(withoutSpan[flavour]?.text, flavour).to.equal(rendered.text);
      expect(withoutSpan[flavour]?.openMetrics, flavour).to.equal(rendered.openMetrics);
    }
  });
});
