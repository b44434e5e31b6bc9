import { Mistral } from '@mistralai/mistralai';
import { expect } from 'chai';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { recordWith, usageOf } from './record';

// Documented shape: https://docs.mistral.ai/api/#tag/chat (OpenAI-like, snake_case on the wire; the
// TypeScript SDK hands it over in camelCase: `usage.promptTokens`).
const COMPLETION = {
  id: 'cmpl-1',
  object: 'chat.completion',
  model: 'mistral-large-2411',
  created: 1_732_000_000,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Paris.', tool_calls: null, prefix: false },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 },
};

const chunk = (content: string | null, usage?: object) => ({
  id: 'cmpl-2',
  object: 'chat.completion.chunk',
  model: 'mistral-small-latest',
  created: 1_732_000_000,
  choices: [
    {
      index: 0,
      delta: content === null ? { content: '' } : { role: 'assistant', content },
      finish_reason: usage ? 'stop' : null,
    },
  ],
  ...(usage ? { usage } : {}),
});

const STREAM = [
  chunk('Par'),
  chunk('is.'),
  chunk(null, { prompt_tokens: 700, completion_tokens: 20, total_tokens: 720 }),
];

function reply(request: FakeRequest): FakeReply {
  if (request.body.stream) {
    return { events: [...STREAM.map((data) => ({ data })), { data: '[DONE]' }] };
  }
  return { json: COMPLETION };
}

describe('@mistralai/mistralai client (real SDK, local server)', () => {
  let server: FakeLlm;
  let client: Mistral;
  const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

  before(async () => {
    server = await startFakeLlm(reply);
    client = new Mistral({ apiKey: 'test', serverURL: server.url });
  });
  after(() => server.close());

  it('rag.recordUsage(response) should read the SDK camelCase usage', async () => {
    const { exposition, warnings } = await recordWith(async (rag) => {
      rag.recordUsage(await client.chat.complete({ model: 'mistral-large-latest', messages }));
    });
    // mistral-large: $2 input, $6 output per 1M tokens: 1200 × 2 + 80 × 6 = 2880
    expect(usageOf(exposition, 'mistral-large-2411')).to.deep.equal({
      input: 1200,
      output: 80,
      cachedInput: undefined,
      costUsd: 0.00288,
      firstTokens: undefined,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('rag.trackStream(stream) should unwrap the SDK { data } events and record the last chunk usage', async () => {
    let events = 0;
    const { exposition } = await recordWith(async (rag) => {
      const stream = await client.chat.stream({ model: 'mistral-small-latest', messages });
      for await (const event of rag.trackStream(stream)) {
        expect(event.data.object).to.equal('chat.completion.chunk');
        events++;
      }
    });
    expect(events).to.equal(3);
    // mistral-small: $0.10 input, $0.30 output: 700 × 0.10 + 20 × 0.30 = 76
    expect(usageOf(exposition, 'mistral-small-latest')).to.deep.equal({
      input: 700,
      output: 20,
      cachedInput: undefined,
      costUsd: 0.000076,
      firstTokens: 1,
    });
  });
});
