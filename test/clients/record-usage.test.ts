import { expect } from 'chai';
import { invalidValues, recordWith, usageOf } from './record';

describe('rag.recordUsage(response): shapes and bad input', () => {
  for (const [name, value] of [
    ['null', null],
    ['a number', 42],
    ['a response without usage', { id: 'x', model: 'gpt-4o', choices: [] }],
    ['usage: null (an OpenAI chunk before the last)', { model: 'gpt-4o', usage: null }],
  ] as const) {
    it(`should record nothing and count one invalid_value for ${name}`, async () => {
      const { exposition, warnings } = await recordWith(async (rag) => rag.recordUsage(value));
      expect(invalidValues(exposition)).to.equal(1);
      expect(exposition.series('rag_tokens_total')).to.deep.equal([]);
      expect(warnings.map((warning) => warning.kind)).to.deep.equal(['recordUsage']);
    });
  }

  it('should not throw when reading the response throws', async () => {
    const hostile = {
      get usage(): never {
        throw new Error('boom');
      },
    };
    const { exposition } = await recordWith(async (rag) => rag.recordUsage(hostile));
    expect(invalidValues(exposition)).to.equal(1);
  });

  it('should read the AI SDK v4 result (promptTokens with response.modelId)', async () => {
    const { exposition } = await recordWith(async (rag) =>
      rag.recordUsage({
        text: 'Paris.',
        usage: { promptTokens: 1000, completionTokens: 100, totalTokens: 1100 },
        response: { id: 'r', modelId: 'gpt-4o-mini', timestamp: new Date(0) },
      }),
    );
    // 1000 × 0.15 + 100 × 0.60 = 210
    expect(usageOf(exposition, 'gpt-4o-mini').costUsd).to.equal(0.00021);
  });

  it('should read a LangChain AIMessage (usage_metadata, cache read and creation)', async () => {
    const { exposition } = await recordWith(async (rag) =>
      rag.recordUsage({
        content: 'Paris.',
        usage_metadata: {
          input_tokens: 2600,
          output_tokens: 250,
          total_tokens: 2850,
          input_token_details: { cache_read: 2000, cache_creation: 500 },
        },
        response_metadata: { model_name: 'claude-sonnet-4-5-20250929' },
      }),
    );
    expect(usageOf(exposition, 'claude-sonnet-4-5-20250929')).to.deep.equal({
      input: 2600,
      output: 250,
      cachedInput: 2000,
      costUsd: 0.006525,
      firstTokens: undefined,
    });
  });
});

describe('rag.recordTokens({ cacheWrite })', () => {
  it('should price cache writes at the cacheWrite rate as part of input', async () => {
    const { exposition } = await recordWith(async (rag) =>
      rag.recordTokens({ model: 'claude-haiku-4-5', input: 1000, cacheWrite: 1000, output: 0 }),
    );
    // 1000 × $1.25
    expect(usageOf(exposition, 'claude-haiku-4-5').costUsd).to.equal(0.00125);
    expect(usageOf(exposition, 'claude-haiku-4-5').input).to.equal(1000);
  });

  it('should reject cachedInput + cacheWrite above input', async () => {
    const { exposition, warnings } = await recordWith(async (rag) =>
      rag.recordTokens({ model: 'claude-haiku-4-5', input: 100, cachedInput: 80, cacheWrite: 30 }),
    );
    expect(invalidValues(exposition)).to.equal(1);
    expect(warnings[0]?.message).to.equal(
      'rag-metrics: dropped recordTokens.cacheWrite value 30; expected at most input - cachedInput (20): cache-write tokens are part of input tokens. Further recordTokens.cacheWrite values like it are dropped silently and counted in rag_metrics_rejected_total{reason="invalid_value"}.',
    );
  });
});

describe('rag.trackStream(stream): contract', () => {
  async function* chunks(items: readonly unknown[], failAfter?: number) {
    let index = 0;
    for (const item of items) {
      if (index++ === failAfter) throw new RangeError('connection reset');
      yield item;
    }
  }
  const start = {
    type: 'message_start',
    message: {
      model: 'claude-haiku-4-5-20251001',
      usage: { input_tokens: 40, cache_read_input_tokens: 1800, output_tokens: 1 },
    },
  };
  const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'P' } };

  it('should throw a TypeError at once for a Promise, naming the fix', async () => {
    await recordWith(async (rag) => {
      const notAStream = Promise.resolve([]) as unknown as AsyncIterable<unknown>;
      expect(() => rag.trackStream(notAStream)).to.throw(
        TypeError,
        'rag-metrics: trackStream(stream) needs an async iterable stream; got {}. It is a Promise: await the call that starts the stream first.',
      );
    });
  });

  it('should record what it saw and let the error through when the stream fails', async () => {
    let caught: unknown;
    const { exposition } = await recordWith(async (rag) => {
      try {
        for await (const _ of rag.trackStream(chunks([start, delta, delta], 2)));
      } catch (err) {
        caught = err;
      }
    });
    expect(caught).to.be.instanceOf(RangeError);
    expect(usageOf(exposition, 'claude-haiku-4-5-20251001')).to.deep.equal({
      input: 1840,
      output: 1,
      cachedInput: 1800,
      costUsd: 0.000225,
      firstTokens: 1,
    });
  });

  it('should record once when the consumer calls return()', async () => {
    const { exposition } = await recordWith(async (rag) => {
      const tracked = rag.trackStream(chunks([start, delta]));
      await tracked.next();
      await tracked.return();
      await tracked.return();
    });
    expect(usageOf(exposition, 'claude-haiku-4-5-20251001')).to.deep.equal({
      input: 1840,
      output: 1,
      cachedInput: 1800,
      costUsd: 0.000225,
      firstTokens: undefined,
    });
  });
});
