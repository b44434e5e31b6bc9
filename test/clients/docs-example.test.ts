import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { recordWith, usageOf } from './record';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'llm-clients.md'), 'utf8');

/** The JSON block after the `worked-example:usage` marker, and the `$…` after `worked-example:cost`. */
function workedExample(): { message: { model: string }; costUsd: number } {
  const json = /<!-- worked-example:usage -->\s*```json\n([\s\S]*?)```/.exec(DOC)?.[1];
  const cost = /<!-- worked-example:cost -->= \$([0-9.]+)/.exec(DOC)?.[1];
  if (json === undefined || cost === undefined) throw new Error('worked example markers missing');
  return { message: JSON.parse(json) as { model: string }, costUsd: Number(cost) };
}

describe('docs/llm-clients.md worked example', () => {
  it('should be what rag.recordUsage records for the documented Anthropic message', async () => {
    const { message, costUsd } = workedExample();
    expect(costUsd).to.equal(0.006525);
    const { exposition } = await recordWith(async (rag) => rag.recordUsage(message));
    expect(usageOf(exposition, message.model)).to.deep.equal({
      input: 2600,
      output: 250,
      cachedInput: 2000,
      costUsd,
      firstTokens: undefined,
    });
  });
});
