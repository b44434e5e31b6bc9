import { spawnSync } from 'node:child_process';
import type { RequestListener } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import fc from 'fast-check';
import { ragMetrics } from '../../adapters/express';
import { createRagMetrics, type RagMetrics } from '../../lib/rag-metrics';
import { requireBinary } from '../helpers/require-binary';
import { Exposition } from '../helpers/scrape';
import { listen } from '../helpers/server';
import { errorNamed } from './fixtures/lifecycles';

const NASTY = [
  '"',
  '\\',
  '\n',
  '\\n',
  'a"b\\c\nd',
  '"} 1\nrag_fake_total 9\n# x{',
  'line\u2028separator\u2029',
  'ümlaut 模型 🚀 \u{1f469}\u200d\u{1f52c}',
  '\ud83d', // half of a surrogate pair, alone
  'x'.repeat(10_000),
  `${'é'.repeat(119)}🚀`, // the cut falls inside the surrogate pair
];

/** Any text: handpicked troublemakers, or arbitrary code units (lone surrogates included). */
const labelText = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }),
);

/**
 * What a label value must read as after the exposition is parsed, written from the documented
 * contract (not from the implementation): cut to `maxLength` UTF-16 units without splitting a
 * surrogate pair, control characters as spaces, empty as `__empty__`, then UTF-8 encoded as served.
 */
function expectedLabel(raw: string, maxLength = 120): string {
  if (raw === '') return '__empty__';
  let value = raw;
  if (value.length > maxLength) {
    const last = value.charCodeAt(maxLength - 1);
    value = value.slice(0, last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  value = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return Buffer.from(value, 'utf8').toString('utf8');
}

/** Feeds `text` to every code path that turns text into a label, through the core API. */
async function recordEverywhere(metrics: RagMetrics, text: string): Promise<void> {
  const name = text === '' ? 'empty' : text;
  await metrics
    .monitor(name, (rag) => {
      rag.recordTokens({ model: name, input: 1, output: 1 });
      rag.recordCache({ hit: true, type: text });
      rag.recordRateLimit({ provider: name, remaining: 1 });
      rag.time(name, () => undefined);
      throw errorNamed(name);
    })
    .catch(() => undefined);
}

function labelValues(exposition: Exposition, metric: string, label: string): string[] {
  return exposition.series(metric).map((labels) => labels[label] ?? '');
}

/** Only the rag_* families: promtool's linter has opinions on process metrics that are not ours. */
function ragFamilies(text: string): string {
  return `${text
    .split('\n')
    .filter((line) => /^(# (HELP|TYPE) )?rag_/.test(line))
    .join('\n')}\n`;
}

describe('label values with quotes, backslashes, newlines, unicode and huge lengths', () => {
  const options = { processMetrics: false, includeDefaultRegistry: false, onWarning: () => {} };
  // Every value of every run also goes into one shared instance, which promtool checks at the end.
  const everything = createRagMetrics({ ...options, maxLabelValues: 100_000 });

  it('should parse back to the recorded text, through routes, models, stages, error names and providers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(labelText, { minLength: 1, maxLength: 6 }), async (texts) => {
        const metrics = createRagMetrics(options);
        for (const text of texts) {
          await recordEverywhere(metrics, text);
          await recordEverywhere(everything, text);
        }
        // Served bytes, as Prometheus reads them: lone surrogates become U+FFFD here.
        const served = Buffer.from(await metrics.render(), 'utf8').toString('utf8');
        const exposition = new Exposition(served);
        const nameOf = (text: string) => expectedLabel(text === '' ? 'empty' : text);
        for (const text of texts) {
          const name = nameOf(text);
          // Distinct texts can share a label once cut or cleaned ("\n" and " "): count them together.
          const times = texts.filter((other) => nameOf(other) === name).length;
          expect(
            exposition.value('rag_requests_total', {
              method: 'JOB',
              route: name,
              status_code: '500',
            }),
          ).to.equal(times);
          expect(labelValues(exposition, 'rag_tokens_total', 'model')).to.include(name);
          expect(
            exposition.histogram('rag_stage_duration_seconds', { route: name, stage: name })?.count,
          ).to.equal(times);
          expect(labelValues(exposition, 'rag_errors_total', 'error_type')).to.include(name);
          expect(labelValues(exposition, 'rag_rate_limit_remaining', 'provider')).to.include(name);
          expect(labelValues(exposition, 'rag_cache_requests_total', 'cache_type')).to.include(
            expectedLabel(text),
          );
        }
        const requests = exposition
          .series('rag_requests_total')
          .reduce((sum, labels) => sum + (exposition.value('rag_requests_total', labels) ?? 0), 0);
        expect(requests).to.equal(texts.length);
      }),
      { numRuns: 60 },
    );
  });

  it('should keep values up to a raised maxLabelLength whole', async () => {
    const metrics = createRagMetrics({ ...options, maxLabelLength: 4096 });
    const long = `${'"\\'.repeat(1000)}${'ü'.repeat(3000)}`;
    await recordEverywhere(metrics, long);
    const exposition = new Exposition(await metrics.render());
    expect(
      exposition.value('rag_tokens_total', { model: expectedLabel(long, 4096), type: 'input' }),
    ).to.equal(1);
    expect(expectedLabel(long, 4096)).to.have.length(4096);
  });

  it('should take header-derived providers and models over HTTP', async () => {
    const app = express();
    const metrics = createRagMetrics(options);
    app.use(ragMetrics(metrics));
    // A handler that trusts headers for its labels: the package must still serve a valid exposition.
    app.get('/proxy', (req, res) => {
      const provider = String(req.headers['x-provider']);
      res.locals.rag.recordRateLimitHeaders(provider, { 'x-ratelimit-remaining-requests': '5' });
      res.locals.rag.recordRateLimitHit(provider);
      res.locals.rag.recordTokens({ model: String(req.headers['x-model']), input: 2 });
      res.send('ok');
    });
    const server = await listen(app as unknown as RequestListener);
    // Header values travel as latin-1 without control characters; Node trims their ends.
    const headerText = fc
      .string({
        unit: fc
          .integer({ min: 0x20, max: 0xff })
          .filter((c) => c !== 0x7f)
          .map((c) => String.fromCharCode(c)),
        minLength: 1,
        maxLength: 200,
      })
      .map((text) => text.trim())
      .filter((text) => text !== '');
    const sent: string[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(headerText, headerText, async (provider, model) => {
          sent.push(provider, model);
          const response = await fetch(`${server.url}/proxy`, {
            headers: {
              'x-provider': Buffer.from(provider, 'latin1').toString('binary'),
              'x-model': Buffer.from(model, 'latin1').toString('binary'),
            },
          });
          expect(await response.text()).to.equal('ok');
        }),
        { numRuns: 40 },
      );
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const exposition = new Exposition(text);
      const providers = labelValues(exposition, 'rag_rate_limit_hits_total', 'provider');
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '/proxy',
          status_code: '200',
        }),
      ).to.equal(40);
      expect(providers.length).to.be.at.most(100);
      for (const provider of providers) {
        if (provider !== '__other__')
          expect(sent.map((s) => expectedLabel(s))).to.include(provider);
      }
    } finally {
      await server.close();
    }
  });

  it('promtool check metrics should accept the rag_* families after all of the above', function () {
    requireBinary(this, 'promtool');
    return everything.render().then((text) => {
      const result = spawnSync('promtool', ['check', 'metrics'], {
        input: Buffer.from(ragFamilies(text), 'utf8'),
        encoding: 'utf8',
      });
      expect(result.status, `${result.stdout}${result.stderr}`).to.equal(0);
      expect(new Exposition(text).series('rag_tokens_total').length).to.be.greaterThan(60);
    });
  });
});
