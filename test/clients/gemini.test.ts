import { GoogleGenAI } from '@google/genai';
import { expect } from 'chai';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { recordWith, usageOf } from './record';

// Documented shape: https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
// (`streamGenerateContent?alt=sse` sends one such response per event; the last has full usage).
const RESPONSE = {
  candidates: [
    {
      content: { parts: [{ text: 'Paris.' }], role: 'model' },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: {
    promptTokenCount: 4000,
    cachedContentTokenCount: 3000,
    candidatesTokenCount: 200,
    thoughtsTokenCount: 150,
    totalTokenCount: 4350,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 4000 }],
  },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-1',
};

const part = (text: string, usage: object) => ({
  candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
  usageMetadata: usage,
  modelVersion: 'gemini-2.5-flash-lite',
  responseId: 'resp-2',
});

const STREAM = [
  part('Par', { promptTokenCount: 900, totalTokenCount: 900 }),
  part('is.', {
    promptTokenCount: 900,
    candidatesTokenCount: 30,
    cachedContentTokenCount: 800,
    totalTokenCount: 930,
  }),
];

function reply(request: FakeRequest): FakeReply {
  if (request.url.includes(':streamGenerateContent')) {
    return { events: STREAM.map((data) => ({ data })) };
  }
  return { json: RESPONSE };
}

describe('@google/genai client (real SDK, local server)', () => {
  let server: FakeLlm;
  let ai: GoogleGenAI;

  before(async () => {
    server = await startFakeLlm(reply);
    ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
  });
  after(() => server.close());

  it('rag.recordUsage(response) should count thinking tokens as output and cached content as cached input', async () => {
    const { exposition, warnings } = await recordWith(async (rag) => {
      rag.recordUsage(
        await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Capital?' }),
      );
    });
    // gemini-2.5-flash: $0.30 input, $0.03 cached, $2.50 output per 1M tokens.
    // 1000 × 0.30 + 3000 × 0.03 + (200 + 150) × 2.50 = 1265 → $0.001265
    expect(usageOf(exposition, 'gemini-2.5-flash')).to.deep.equal({
      input: 4000,
      output: 350,
      cachedInput: 3000,
      costUsd: 0.001265,
      firstTokens: undefined,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('rag.trackStream(stream) should record the usage of the last chunk once', async () => {
    const texts: (string | undefined)[] = [];
    const { exposition } = await recordWith(async (rag) => {
      const stream = await ai.models.generateContentStream({
        model: 'gemini-2.5-flash-lite',
        contents: 'Capital?',
      });
      for await (const chunk of rag.trackStream(stream)) texts.push(chunk.text);
    });
    expect(texts).to.deep.equal(['Par', 'is.']);
    // gemini-2.5-flash-lite: 100 × 0.10 + 800 × 0.01 + 30 × 0.40 = 30
    expect(usageOf(exposition, 'gemini-2.5-flash-lite')).to.deep.equal({
      input: 900,
      output: 30,
      cachedInput: 800,
      costUsd: 0.00003,
      firstTokens: 1,
    });
    expect(server.requests.at(-1)?.url).to.equal(
      '/v1beta/models/gemini-2.5-flash-lite:streamGenerateContent?alt=sse',
    );
  });
});
