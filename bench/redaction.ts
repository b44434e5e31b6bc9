/**
 * What redaction costs per logged line (issue 20): a pino logger writing to a stream that drops
 * everything, with no redaction, with pino's path-based `redact` (what `ragLogger()` used until
 * issue 20, which covered only a top-level lower-case `headers` key), and with the deep redaction
 * `ragLogger()` applies now to every `req.log` line. CPU nanoseconds per line, median of five.
 *
 *   npx tsx bench/redaction.ts
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { DeepRedactor, REDACTED_ALREADY } from '../lib/logging/deep-redaction';
import { HeaderRedactor, SECRET_HEADERS } from '../lib/logging/redaction';
import { cpuNanosPerCall } from './lib/cpu-time';

const sink = new Writable({
  write(_chunk, _encoding, callback) {
    callback();
  },
});
const deep = new DeepRedactor(new HeaderRedactor([]));
const plain = pino({ base: undefined }, sink);
const byPaths = pino(
  {
    base: undefined,
    redact: {
      paths: SECRET_HEADERS.map((name) => `headers[${JSON.stringify(name)}]`),
      censor: '[Redacted]',
    },
  },
  sink,
);
const byDeep = pino({ base: undefined, formatters: { log: deep.line } }, sink);

const HEADERS = {
  host: 'rag.example',
  'user-agent': 'Mozilla/5.0',
  accept: 'application/json',
  'content-type': 'application/json',
  'content-length': '58',
  'x-forwarded-for': '10.0.0.1',
  'x-request-id': '7f3c9a2e-5d41-4b8e-9a7c-2e1f0b6d8c35',
  authorization: 'Bearer sk-secret',
};
const LINES: readonly [string, Record<string, unknown>][] = [
  ['a handler line without headers', { usage: { prompt_tokens: 812, model: 'gpt-4o' }, docs: 4 }],
  ['a line with a headers object (8 headers, 1 secret)', { headers: HEADERS }],
  [
    'a line with nested upstream.headers',
    { upstream: { url: 'https://llm.example', headers: HEADERS } },
  ],
  [
    'the completion line (already redacted, skipped)',
    { route: '/ask', status_code: 200, rag: { model: 'gpt-4o' }, [REDACTED_ALREADY]: true },
  ],
];

const TARGET_MS = 200;
console.log(
  '| line | no redaction ns | pino redact paths ns | deep redaction ns | deep − none ns |',
);
console.log('|---|---|---|---|---|');
for (const [name, line] of LINES) {
  const none = cpuNanosPerCall(() => plain.info(line, 'x'), TARGET_MS);
  const paths = cpuNanosPerCall(() => byPaths.info(line, 'x'), TARGET_MS);
  const deepNs = cpuNanosPerCall(() => byDeep.info(line, 'x'), TARGET_MS);
  console.log(
    `| ${name} | ${none.toFixed(0)} | ${paths.toFixed(0)} | ${deepNs.toFixed(0)} | ${(deepNs - none).toFixed(0)} |`,
  );
}
