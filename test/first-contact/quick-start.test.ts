import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { consumerProject } from '../helpers/consumer-project';
import { Exposition } from '../helpers/scrape';
import type { SpawnedService } from '../helpers/spawned-service';
import { startApp, writeApp } from './helpers';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The fenced block that follows `<!-- quick-start: name -->` in the README. */
function quickStartBlock(name: string): { code: string; offset: number } {
  const marker = `<!-- quick-start: ${name} -->`;
  const offset = README.indexOf(marker);
  expect(offset, `${marker} in README.md`).to.be.at.least(0);
  const match = /^```\w*\n([\s\S]*?)^```$/m.exec(README.slice(offset));
  if (match?.[1] === undefined) throw new Error(`no code block after ${marker}`);
  return { code: match[1], offset };
}

/** The packages of the last `npm install` line printed before `offset`. */
function installLineBefore(offset: number): string[] {
  const lines = [...README.slice(0, offset).matchAll(/^npm install (.+)$/gm)];
  const last = lines.at(-1)?.[1];
  if (last === undefined) throw new Error('no npm install line before the quick start');
  return last.trim().split(/\s+/);
}

/** A sample line as printed in the README: name, labels and value. */
function parseSample(line: string): {
  name: string;
  labels: Record<string, string>;
  value: number;
} {
  const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (match === null) throw new Error(`not a sample line: ${line}`);
  const labels: Record<string, string> = {};
  for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) {
    labels[key as string] = value as string;
  }
  return { name: match[1] as string, labels, value: Number(match[3]) };
}

/** What the exposition holds for a README sample, read through the parser. */
function sampleValue(
  metrics: Exposition,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const histogram = /^(.*)_(bucket|count|sum)$/.exec(name);
  if (histogram !== null && metrics.type(histogram[1] as string) === 'HISTOGRAM') {
    const { le, ...series } = labels;
    const reading = metrics.histogram(histogram[1] as string, series);
    if (histogram[2] === 'bucket') return reading?.buckets[le as string];
    return histogram[2] === 'count' ? reading?.count : reading?.sum;
  }
  return metrics.value(name, labels);
}

const QUICK_STARTS = [
  { name: 'express.cjs', framework: 'Express', form: 'CommonJS' },
  { name: 'express.mjs', framework: 'Express', form: 'ESM' },
  { name: 'koa.cjs', framework: 'Koa', form: 'CommonJS' },
  { name: 'koa.mjs', framework: 'Koa', form: 'ESM' },
] as const;

describe('the README quick starts, pasted into a fresh project with the packed package', function () {
  this.timeout(240_000);
  before(() => consumerProject());

  for (const { name, framework, form } of QUICK_STARTS) {
    describe(`${framework}, ${form}`, () => {
      let app: SpawnedService | undefined;
      after(() => app?.close());

      it('should install with the npm install line printed above it', () => {
        const { offset } = quickStartBlock(name);
        for (const dependency of installLineBefore(offset)) {
          const manifest = join(consumerProject(), 'node_modules', dependency, 'package.json');
          expect(existsSync(manifest), dependency).to.equal(true);
        }
      });

      it('should answer POST /ask and then show on /metrics what the README says', async () => {
        // `.cjs` / `.mjs`: what `app.js` is in an `npm init -y` project, or in one with "type": "module".
        writeApp(`quick-start-${name}`, quickStartBlock(name).code);
        app = await startApp(`quick-start-${name}`);
        const answer = await fetch(`${app.url}/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ q: 'what is rag?' }),
        });
        expect(answer.status).to.equal(200);
        expect(await answer.json()).to.deep.equal({
          answer: 'An answer to "what is rag?" from 1 passage(s).',
        });
        const metrics = new Exposition(await (await fetch(`${app.url}/metrics`)).text());
        const printed = quickStartBlock('metrics').code.trim().split('\n');
        expect(printed).to.have.length.at.least(8);
        for (const line of printed) {
          const { name: metric, labels, value } = parseSample(line);
          expect(sampleValue(metrics, metric, labels), line).to.equal(value);
        }
      });

      it('should record a body the JSON parser rejects as __unmatched__, as docs/metrics.md says', async () => {
        if (app === undefined) throw new Error('the quick start did not start');
        const rejected = await fetch(`${app.url}/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"q": ',
        });
        expect(rejected.status).to.equal(400);
        const metrics = new Exposition(await (await fetch(`${app.url}/metrics`)).text());
        const labels = { method: 'POST', route: '__unmatched__', status_code: '400' };
        expect(metrics.value('rag_requests_total', labels)).to.equal(1);
      });
    });
  }
});
