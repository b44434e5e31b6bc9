import { Document } from '@langchain/core/documents';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever } from '@langchain/core/retrievers';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { expect } from 'chai';
import { RagMetricsCallbackHandler } from '../../adapters/langchain';
import { type FakeLlm, type FakeReply, type FakeRequest, startFakeLlm } from './fake-llm-server';
import { OPERATION, recordWith, usageOf } from './record';

const MODEL = 'gpt-4o-mini-2024-07-18';
const USAGE = {
  prompt_tokens: 1500,
  completion_tokens: 40,
  total_tokens: 1540,
  prompt_tokens_details: { cached_tokens: 1280 },
};
// gpt-4o-mini: 220 × 0.15 + 1280 × 0.075 + 40 × 0.60 = 153 → $0.000153, once per call.
const EXPECTED = { input: 1500, output: 40, cachedInput: 1280, costUsd: 0.000153 };

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_732_000_000,
  model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop' }],
  usage: USAGE,
};

const chunk = (delta: object, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1_732_000_000,
  model: MODEL,
  choices: [{ index: 0, delta, finish_reason: finish }],
  usage: null,
});

const STREAM = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Par' }),
  chunk({ content: 'is.' }),
  chunk({}, 'stop'),
  { ...chunk({}), choices: [], usage: USAGE },
];

class IndexUnavailableError extends Error {
  override name = 'IndexUnavailableError';
}

/** A tiny retriever over one passage; `failing` makes it throw like an unreachable index. */
class DocsRetriever extends BaseRetriever {
  override lc_namespace = ['rag-metrics', 'test'];
  constructor(private readonly failing = false) {
    super();
  }
  override async _getRelevantDocuments(): Promise<Document[]> {
    if (this.failing) throw new IndexUnavailableError('index unavailable');
    return [new Document({ pageContent: 'Paris is the capital of France.' })];
  }
}

function reply(request: FakeRequest): FakeReply {
  if (request.body.stream) {
    return { events: [...STREAM.map((data) => ({ data })), { data: '[DONE]' }] };
  }
  return { json: COMPLETION };
}

describe('rag-metrics/langchain: RagMetricsCallbackHandler (real chain, local server)', () => {
  let server: FakeLlm;

  before(async () => {
    server = await startFakeLlm(reply);
  });
  after(() => server.close());

  const chainOf = (retriever: BaseRetriever, baseURL = `${server.url}/v1`) =>
    RunnableSequence.from([
      {
        context: retriever.pipe((docs: Document[]) => docs.map((d) => d.pageContent).join('\n')),
        question: new RunnablePassthrough(),
      },
      ChatPromptTemplate.fromMessages([
        ['system', 'Answer from the context:\n{context}'],
        ['human', '{question}'],
      ]),
      new ChatOpenAI({
        model: 'gpt-4o-mini',
        apiKey: 'test',
        maxRetries: 0,
        configuration: { baseURL },
      }),
      new StringOutputParser(),
    ]);

  const stage = (exposition: Awaited<ReturnType<typeof recordWith>>['exposition'], name: string) =>
    exposition.histogram('rag_stage_duration_seconds', { route: OPERATION, stage: name })?.count;

  it('should time retrieval and generation and record the usage of invoke() once', async () => {
    let answer = '';
    const { exposition, warnings } = await recordWith(async (rag) => {
      answer = await chainOf(new DocsRetriever()).invoke('Capital of France?', {
        callbacks: [new RagMetricsCallbackHandler(rag)],
      });
    });
    expect(answer).to.equal('Paris.');
    expect(stage(exposition, 'retrieval')).to.equal(1);
    expect(stage(exposition, 'generation')).to.equal(1);
    // ChatOpenAI reports the call in llmOutput.tokenUsage and in the message's usage_metadata.
    expect(usageOf(exposition, MODEL)).to.deep.equal({ ...EXPECTED, firstTokens: undefined });
    expect(warnings).to.deep.equal([]);
  });

  it('should mark the first streamed token and record the usage of stream()', async () => {
    const pieces: string[] = [];
    const { exposition } = await recordWith(async (rag) => {
      const stream = await chainOf(new DocsRetriever()).stream('Capital of France?', {
        callbacks: [new RagMetricsCallbackHandler(rag)],
      });
      for await (const piece of stream) pieces.push(piece);
    });
    expect(pieces.join('')).to.equal('Paris.');
    expect(usageOf(exposition, MODEL)).to.deep.equal({ ...EXPECTED, firstTokens: 1 });
    expect(stage(exposition, 'generation')).to.equal(1);
    expect(server.requests.at(-1)?.body.stream_options).to.deep.equal({ include_usage: true });
  });

  it('should record a failing retriever run and its error type', async () => {
    const { exposition } = await recordWith(async (rag) => {
      const failed = await chainOf(new DocsRetriever(true))
        .invoke('Capital?', { callbacks: [new RagMetricsCallbackHandler(rag)] })
        .then(
          () => false,
          (err: unknown) => err instanceof IndexUnavailableError,
        );
      expect(failed).to.equal(true);
      // The handler's recordError() labels the request even though the chain's error is caught.
      expect(rag.summary().errorType).to.equal('IndexUnavailableError');
    });
    expect(stage(exposition, 'retrieval')).to.equal(1);
    expect(stage(exposition, 'generation')).to.equal(undefined);
  });

  it('should record a failing LLM run and its error type', async () => {
    const { exposition } = await recordWith(async (rag) => {
      // Nothing listens there: the client fails to connect.
      const unreachable = 'http://127.0.0.1:9/v1';
      await chainOf(new DocsRetriever(), unreachable)
        .invoke('Capital?', { callbacks: [new RagMetricsCallbackHandler(rag)] })
        .catch(() => undefined);
      expect(rag.summary().errorType).to.equal('APIConnectionError');
    });
    expect(stage(exposition, 'generation')).to.equal(1);
  });
});
