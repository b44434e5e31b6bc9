import { request as httpRequest, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import OpenAI from 'openai';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { invalidValues, rateLimitRemaining, recordWith, usageOf } from './record';

// Documented shapes: https://platform.openai.com/docs/api-reference/chat/object and
// /chat-streaming, /responses/object and /responses-streaming.
const RATE_LIMIT_HEADERS = {
  'x-ratelimit-remaining-requests': '4999',
  'x-ratelimit-remaining-tokens': '799000',
};

const CHAT_COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_732_000_000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Paris.', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 2000,
    completion_tokens: 300,
    total_tokens: 2300,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  },
};

const chunk = (delta: object, usage: object | null = null, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1_732_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  usage,
});

const CHAT_STREAM = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Par' }),
  chunk({ content: 'is.' }),
  chunk({}, null, 'stop'),
  chunk(
    {},
    {
      prompt_tokens: 1500,
      completion_tokens: 40,
      total_tokens: 1540,
      prompt_tokens_details: { cached_tokens: 1280 },
    },
  ),
].map((data) => ({ data }));

const RESPONSE = {
  id: 'resp_1',
  object: 'response',
  created_at: 1_732_000_000,
  status: 'completed',
  model: 'gpt-4.1-2025-04-14',
  output: [
    {
      type: 'message',
      id: 'msg_1',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Paris.', annotations: [] }],
    },
  ],
  usage: {
    input_tokens: 3000,
    input_tokens_details: { cached_tokens: 2048 },
    output_tokens: 120,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 3120,
  },
};

const RESPONSE_STREAM = [
  {
    event: 'response.created',
    data: {
      type: 'response.created',
      sequence_number: 0,
      response: { ...RESPONSE, status: 'in_progress', usage: null },
    },
  },
  {
    event: 'response.output_text.delta',
    data: {
      type: 'response.output_text.delta',
      sequence_number: 1,
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: 'Paris.',
    },
  },
  {
    event: 'response.completed',
    data: { type: 'response.completed', sequence_number: 2, response: RESPONSE },
  },
];

function reply(request: FakeRequest): FakeReply {
  if (request.url === '/v1/responses') {
    return request.body.stream ? { events: RESPONSE_STREAM } : { json: RESPONSE };
  }
  if (request.body.stream) {
    const events = request.body.stream_options ? CHAT_STREAM : CHAT_STREAM.slice(0, -1);
    return { events: [...events, { data: '[DONE]' }], headers: RATE_LIMIT_HEADERS };
  }
  return { json: CHAT_COMPLETION, headers: RATE_LIMIT_HEADERS };
}

describe('openai client (real SDK, local server)', () => {
  let server: FakeLlm;
  let client: OpenAI;
  const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

  before(async () => {
    server = await startFakeLlm(reply);
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
  });
  after(() => server.close());

  describe('rag.recordUsage(completion)', () => {
    it('should record model, input including cached, cached input and cost from a chat completion', async () => {
      const { exposition, warnings } = await recordWith(async (rag) => {
        rag.recordUsage(await client.chat.completions.create({ model: 'gpt-4o', messages }));
      });
      // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M tokens.
      // (2000 - 1024) × 2.50 + 1024 × 1.25 + 300 × 10 = 6720 → $0.00672
      expect(usageOf(exposition, 'gpt-4o-2024-08-06')).to.deep.equal({
        input: 2000,
        output: 300,
        cachedInput: 1024,
        costUsd: 0.00672,
        firstTokens: undefined,
      });
      expect(warnings).to.deep.equal([]);
    });

    it('should read usage and rate-limit headers from .withResponse()', async () => {
      const { exposition } = await recordWith(async (rag) => {
        const raw = await client.chat.completions
          .create({ model: 'gpt-4o', messages })
          .withResponse();
        rag.recordUsage(raw);
        rag.recordRateLimitHeaders('openai', raw);
      });
      expect(usageOf(exposition, 'gpt-4o-2024-08-06').input).to.equal(2000);
      expect(rateLimitRemaining(exposition, 'openai', 'requests')).to.equal(4999);
      expect(rateLimitRemaining(exposition, 'openai', 'tokens')).to.equal(799000);
    });

    it('should read rate-limit headers from .asResponse() and from its WHATWG Headers', async () => {
      const { exposition } = await recordWith(async (rag) => {
        const response = await client.chat.completions
          .create({ model: 'gpt-4o', messages })
          .asResponse();
        rag.recordRateLimitHeaders('openai', response);
        rag.recordRateLimitHeaders('openai-headers', response.headers);
      });
      expect(rateLimitRemaining(exposition, 'openai', 'requests')).to.equal(4999);
      expect(rateLimitRemaining(exposition, 'openai-headers', 'tokens')).to.equal(799000);
    });

    it('should read rate-limit headers from a Node IncomingMessage and its headers object', async () => {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest(`${server.url}/v1/chat/completions`, { method: 'POST' }, resolve)
          .on('error', reject)
          .end('{}');
      });
      res.resume();
      const { exposition } = await recordWith(async (rag) => {
        rag.recordRateLimitHeaders('node', res.headers);
        rag.recordRateLimitHeaders('node-message', res);
      });
      expect(rateLimitRemaining(exposition, 'node', 'requests')).to.equal(4999);
      expect(rateLimitRemaining(exposition, 'node-message', 'tokens')).to.equal(799000);
    });

    it('should record a Responses API response', async () => {
      const { exposition } = await recordWith(async (rag) => {
        rag.recordUsage(await client.responses.create({ model: 'gpt-4.1', input: 'Capital?' }));
      });
      // gpt-4.1: $2 input, $0.50 cached, $8 output: 952 × 2 + 2048 × 0.5 + 120 × 8 = 3888
      expect(usageOf(exposition, 'gpt-4.1-2025-04-14')).to.deep.equal({
        input: 3000,
        output: 120,
        cachedInput: 2048,
        costUsd: 0.003888,
        firstTokens: undefined,
      });
    });
  });

  describe('rag.trackStream(stream)', () => {
    it('should yield every chunk unchanged, mark the first token and record the final usage chunk', async () => {
      const seen: unknown[] = [];
      const { exposition, warnings } = await recordWith(async (rag) => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const part of rag.trackStream(stream)) seen.push(part);
      });
      expect(seen).to.deep.equal(CHAT_STREAM.map((event) => event.data));
      // gpt-4o-mini: 220 × 0.15 + 1280 × 0.075 + 40 × 0.60 = 153
      expect(usageOf(exposition, 'gpt-4o-mini-2024-07-18')).to.deep.equal({
        input: 1500,
        output: 40,
        cachedInput: 1280,
        costUsd: 0.000153,
        firstTokens: 1,
      });
      expect(warnings).to.deep.equal([]);
    });

    it('should mark the first token and keep the model when the consumer breaks early', async () => {
      const { exposition } = await recordWith(async (rag) => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const part of rag.trackStream(stream)) {
          if (part.choices[0]?.delta.content) break;
        }
      });
      expect(usageOf(exposition, 'gpt-4o-mini-2024-07-18')).to.deep.equal({
        input: undefined,
        output: undefined,
        cachedInput: undefined,
        costUsd: undefined,
        firstTokens: 1,
      });
      expect(invalidValues(exposition)).to.equal(0);
    });

    it('should count one invalid_value when a finished stream carried no usage (no include_usage)', async () => {
      const { exposition, warnings } = await recordWith(async (rag) => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages,
          stream: true,
        });
        for await (const _ of rag.trackStream(stream));
      });
      expect(invalidValues(exposition)).to.equal(1);
      expect(warnings.map((warning) => warning.kind)).to.deep.equal(['trackStream']);
      expect(usageOf(exposition, 'gpt-4o-mini-2024-07-18').firstTokens).to.equal(1);
    });

    it('should record a Responses API stream from response.completed', async () => {
      const { exposition } = await recordWith(async (rag) => {
        const stream = await client.responses.create({
          model: 'gpt-4.1',
          input: 'Capital?',
          stream: true,
        });
        for await (const _ of rag.trackStream(stream));
      });
      expect(usageOf(exposition, 'gpt-4.1-2025-04-14')).to.deep.equal({
        input: 3000,
        output: 120,
        cachedInput: 2048,
        costUsd: 0.003888,
        firstTokens: 1,
      });
    });
  });
});
