import { expect } from 'chai';
import OpenAI from 'openai';
import { type LlmSimulator, startLlmSimulator } from '../../sample-app/llm-simulator/server';
import { countTokens, tokenize } from '../../sample-app/llm-simulator/tokenizer';

describe('LLM simulator', () => {
  let simulator: LlmSimulator;
  let client: OpenAI;
  const messages = [
    { role: 'system' as const, content: 'Answer from the passages and cite them as [n].' },
    {
      role: 'user' as const,
      content:
        '[1] Source: Backups\nBackups run every night at 02:00.\n\n[2] Source: SSO\nSSO uses SAML.\n\nQuestion: When do backups run?',
    },
  ];

  beforeEach(async () => {
    simulator = await startLlmSimulator({ latencyScale: 0 });
    client = new OpenAI({ baseURL: simulator.baseURL, apiKey: 'test', maxRetries: 0 });
  });
  afterEach(() => simulator.close());

  it('tokenize() splits text into pieces that join back into the text', () => {
    const text = 'Quillstack keeps backups for 30 days, see `backup.retention_days`.';
    expect(tokenize(text).join('')).to.equal(text);
    expect(countTokens('Backups run nightly.')).to.equal(4);
  });

  it('chat.completions.create() answers with the cited passage, usage and quota headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(data.model).to.equal('gpt-4o-mini-2024-07-18');
    expect(data.choices[0]?.message.content).to.equal('Backups run every night at 02:00. [1]');
    expect(data.usage?.completion_tokens).to.equal(
      countTokens('Backups run every night at 02:00. [1]'),
    );
    expect(response.headers.get('x-ratelimit-remaining-requests')).to.equal('599');
  });

  it('streams tokens and a final usage chunk with stream_options.include_usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).to.equal('Backups run every night at 02:00. [1]');
    expect(usage?.completion_tokens).to.equal(tokenize(text).length);
  });

  it('reports the repeated prompt prefix as cached tokens', async () => {
    const long = [{ role: 'system' as const, content: 'Be precise. '.repeat(80) }, ...messages];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: long });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: long });
    expect(first.usage?.prompt_tokens_details?.cached_tokens).to.equal(0);
    const prompt = second.usage?.prompt_tokens ?? 0;
    expect(second.usage?.prompt_tokens_details?.cached_tokens).to.equal(prompt - (prompt % 64));
  });

  it('fails on demand: failNext(429) and the x-simulator-fail header', async () => {
    simulator.failNext(429);
    const limited = await client.chat.completions
      .create({ model: 'gpt-4o', messages })
      .catch((err: unknown) => err);
    expect(limited).to.be.instanceOf(OpenAI.RateLimitError);
    const failed = await client.chat.completions
      .create({ model: 'gpt-4o', messages }, { headers: { 'x-simulator-fail': '503' } })
      .catch((err: unknown) => err);
    expect(failed).to.be.instanceOf(OpenAI.InternalServerError);
    expect((failed as InstanceType<typeof OpenAI.APIError>).status).to.equal(503);
  });

  describe("PUT /simulator/faults (the demo's fault switch)", () => {
    let faulty: LlmSimulator;
    let faultsUrl: string;
    const statuses = async (n: number) => {
      const client = new OpenAI({ baseURL: faulty.baseURL, apiKey: 'test', maxRetries: 0 });
      const seen: number[] = [];
      for (let i = 0; i < n; i++) {
        const result = await client.chat.completions
          .create({ model: 'gpt-4o-mini', messages })
          .then(() => 200)
          .catch((err: unknown) => (err as InstanceType<typeof OpenAI.APIError>).status ?? 0);
        seen.push(result);
      }
      return seen;
    };
    const put = (body: string) =>
      fetch(faultsUrl, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });

    beforeEach(async () => {
      faulty = await startLlmSimulator({
        latencyScale: 0,
        faultProfile: { serverErrorRate: 1, latencyFactor: 1 },
      });
      faultsUrl = faulty.baseURL.replace(/\/v1$/, '/simulator/faults');
    });
    afterEach(() => faulty.close());

    it('should fail every completion with 500 or 503 while on, and none once off again', async () => {
      expect(await (await fetch(faultsUrl)).json()).to.deep.equal({ on: false });
      expect(await statuses(3)).to.deep.equal([200, 200, 200]);

      const on = await put('{"on": true}');
      expect(on.status).to.equal(200);
      expect(await on.json()).to.deep.equal({ on: true });
      expect(faulty.faults).to.equal(true);
      const failing = await statuses(6);
      expect(failing.filter((status) => status === 500 || status === 503)).to.have.length(6);

      expect(await (await put('{"on": false}')).json()).to.deep.equal({ on: false });
      expect(await statuses(3)).to.deep.equal([200, 200, 200]);
    });

    it('should answer 400 naming the expected body for anything but {"on": boolean}', async () => {
      const bad = await put('{"on": "yes"}');
      expect(bad.status).to.equal(400);
      expect(await bad.json()).to.deep.equal({
        error: 'Expected a JSON body {"on": true} or {"on": false}.',
      });
      expect(faulty.faults).to.equal(false);
    });

    it('setFaults(true) switches the same faults on in-process', async () => {
      faulty.setFaults(true);
      expect(await (await fetch(faultsUrl)).json()).to.deep.equal({ on: true });
      expect((await statuses(2)).every((status) => status >= 500)).to.equal(true);
    });
  });
});
