import Anthropic from '@anthropic-ai/sdk';
import { expect } from 'chai';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { invalidValues, rateLimitRemaining, recordWith, usageOf } from './record';

// Documented shapes: https://docs.anthropic.com/en/api/messages and /en/docs/build-with-claude/streaming.
const RATE_LIMIT_HEADERS = {
  'anthropic-ratelimit-requests-remaining': '49',
  'anthropic-ratelimit-tokens-remaining': '39000',
};

const MESSAGE = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Paris.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  // input_tokens excludes the cache: this call read 2000 prompt tokens from it and wrote 500.
  usage: {
    input_tokens: 100,
    cache_creation_input_tokens: 500,
    cache_read_input_tokens: 2000,
    output_tokens: 250,
  },
};

const STREAM = [
  {
    event: 'message_start',
    data: {
      type: 'message_start',
      message: {
        id: 'msg_02',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'claude-haiku-4-5-20251001',
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 40,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 1800,
          output_tokens: 1,
        },
      },
    },
  },
  {
    event: 'content_block_start',
    data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  },
  { event: 'ping', data: { type: 'ping' } },
  {
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Par' } },
  },
  {
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'is.' } },
  },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
  {
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 60 },
    },
  },
  { event: 'message_stop', data: { type: 'message_stop' } },
];

function reply(request: FakeRequest): FakeReply {
  return request.body.stream
    ? { events: STREAM, headers: RATE_LIMIT_HEADERS }
    : { json: MESSAGE, headers: RATE_LIMIT_HEADERS };
}

describe('@anthropic-ai/sdk client (real SDK, local server)', () => {
  let server: FakeLlm;
  let client: Anthropic;
  const request = {
    model: 'claude-haiku-4-5',
    max_tokens: 256,
    messages: [{ role: 'user' as const, content: 'Capital of France?' }],
  };

  before(async () => {
    server = await startFakeLlm(reply);
    client = new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
  });
  after(() => server.close());

  it('rag.recordUsage(message) should count cache reads and writes as input and price each at its rate', async () => {
    const { exposition, warnings } = await recordWith(async (rag) => {
      rag.recordUsage(await client.messages.create(request));
    });
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per 1M tokens.
    // 100 × 3 + 2000 × 0.30 + 500 × 3.75 + 250 × 15 = 6525 → $0.006525
    expect(usageOf(exposition, 'claude-sonnet-4-5-20250929')).to.deep.equal({
      input: 2600,
      output: 250,
      cachedInput: 2000,
      costUsd: 0.006525,
      firstTokens: undefined,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('rag.recordRateLimitHeaders should read .withResponse() and .asResponse()', async () => {
    const { exposition } = await recordWith(async (rag) => {
      const raw = await client.messages.create(request).withResponse();
      rag.recordUsage(raw);
      rag.recordRateLimitHeaders('anthropic', raw);
      const response = await client.messages.create(request).asResponse();
      rag.recordRateLimitHeaders('anthropic-raw', response);
    });
    expect(usageOf(exposition, 'claude-sonnet-4-5-20250929').input).to.equal(2600);
    expect(rateLimitRemaining(exposition, 'anthropic', 'requests')).to.equal(49);
    expect(rateLimitRemaining(exposition, 'anthropic', 'tokens')).to.equal(39000);
    expect(rateLimitRemaining(exposition, 'anthropic-raw', 'tokens')).to.equal(39000);
  });

  it('rag.trackStream(stream) should take input from message_start and output from message_delta', async () => {
    const seen: unknown[] = [];
    const { exposition, warnings } = await recordWith(async (rag) => {
      const stream = await client.messages.create({ ...request, stream: true });
      for await (const event of rag.trackStream(stream)) seen.push(event);
    });
    // The SDK drops `ping` keep-alives itself; everything else passes through unchanged.
    expect(seen).to.deep.equal(
      STREAM.filter((event) => event.event !== 'ping').map((event) => event.data),
    );
    // claude-haiku-4-5: $1 input, $0.10 cache read, $5 output: 40 × 1 + 1800 × 0.10 + 60 × 5 = 520
    expect(usageOf(exposition, 'claude-haiku-4-5-20251001')).to.deep.equal({
      input: 1840,
      output: 60,
      cachedInput: 1800,
      costUsd: 0.00052,
      firstTokens: 1,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('rag.trackStream(messages.stream()) should track the MessageStream helper too', async () => {
    const { exposition } = await recordWith(async (rag) => {
      for await (const _ of rag.trackStream(client.messages.stream(request)));
    });
    expect(usageOf(exposition, 'claude-haiku-4-5-20251001').output).to.equal(60);
  });

  it('rag.trackStream(stream) should record the input already billed when the consumer breaks early', async () => {
    const { exposition } = await recordWith(async (rag) => {
      const stream = await client.messages.create({ ...request, stream: true });
      for await (const event of rag.trackStream(stream)) {
        if (event.type === 'content_block_delta') break;
      }
    });
    // message_start's usage: 40 × 1 + 1800 × 0.10 + 1 × 5 = 225
    expect(usageOf(exposition, 'claude-haiku-4-5-20251001')).to.deep.equal({
      input: 1840,
      output: 1,
      cachedInput: 1800,
      costUsd: 0.000225,
      firstTokens: 1,
    });
    expect(invalidValues(exposition)).to.equal(0);
  });
});
