import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText } from 'ai';
import { expect } from 'chai';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { recordWith, usageOf } from './record';

// The AI SDK's OpenAI-compatible provider speaks Chat Completions to the local server; what is
// checked here is the AI SDK's own result and `fullStream` parts.
const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_732_000_000,
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 2000,
    completion_tokens: 300,
    total_tokens: 2300,
    prompt_tokens_details: { cached_tokens: 1024 },
  },
};

const chunk = (delta: object, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1_732_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const STREAM = [
  chunk({ role: 'assistant', content: 'Par' }),
  chunk({ content: 'is.' }),
  chunk({}, 'stop'),
  {
    ...chunk({}),
    choices: [],
    usage: {
      prompt_tokens: 1500,
      completion_tokens: 40,
      total_tokens: 1540,
      prompt_tokens_details: { cached_tokens: 1280 },
    },
  },
];

function reply(request: FakeRequest): FakeReply {
  if (request.body.stream) {
    return { events: [...STREAM.map((data) => ({ data })), { data: '[DONE]' }] };
  }
  return { json: COMPLETION };
}

describe('ai (Vercel AI SDK, real SDK, local server)', () => {
  let server: FakeLlm;
  let provider: ReturnType<typeof createOpenAICompatible>;

  before(async () => {
    server = await startFakeLlm(reply);
    provider = createOpenAICompatible({
      name: 'local',
      baseURL: `${server.url}/v1`,
      apiKey: 'test',
      includeUsage: true,
    });
  });
  after(() => server.close());

  it('rag.recordUsage(result) should read usage and the model from response.modelId', async () => {
    const { exposition, warnings } = await recordWith(async (rag) => {
      rag.recordUsage(await generateText({ model: provider('gpt-4o'), prompt: 'Capital?' }));
    });
    expect(usageOf(exposition, 'gpt-4o-2024-08-06')).to.deep.equal({
      input: 2000,
      output: 300,
      cachedInput: 1024,
      costUsd: 0.00672,
      firstTokens: undefined,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('rag.trackStream(result.fullStream) should mark the first text-delta and record the finish part', async () => {
    const types: string[] = [];
    const { exposition, warnings } = await recordWith(async (rag) => {
      const result = streamText({ model: provider('gpt-4o-mini'), prompt: 'Capital?' });
      for await (const part of rag.trackStream(result.fullStream)) types.push(part.type);
    });
    expect(types).to.include.members(['text-delta', 'finish-step', 'finish']);
    expect(usageOf(exposition, 'gpt-4o-mini-2024-07-18')).to.deep.equal({
      input: 1500,
      output: 40,
      cachedInput: 1280,
      costUsd: 0.000153,
      firstTokens: 1,
    });
    expect(warnings).to.deep.equal([]);
  });
  it('rag.trackStream(fullStream) should sum finish-step usage when the consumer stops before finish', async () => {
    const { exposition } = await recordWith(async (rag) => {
      const result = streamText({ model: provider('gpt-4o-mini'), prompt: 'Capital?' });
      for await (const part of rag.trackStream(result.fullStream)) {
        if (part.type === 'finish-step') break;
      }
    });
    expect(usageOf(exposition, 'gpt-4o-mini-2024-07-18')).to.deep.equal({
      input: 1500,
      output: 40,
      cachedInput: 1280,
      costUsd: 0.000153,
      firstTokens: 1,
    });
  });
});
