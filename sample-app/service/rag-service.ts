import type { RagContext } from 'rag-metrics';
import type { AnswerCache, AnswerSource, CachedAnswer } from './answer-cache';
import { BLOCKED_ANSWER, checkInput, faithfulness, isRefusal } from './answer-quality';
import type { Llm, LlmReply, LlmUsage } from './llm';
import { buildMessages, citedPassages } from './prompt';
import { PROVIDER, recordProviderError } from './provider-errors';
import type { RetrievedPassage, Retriever } from './retriever';

/** The body of a successful `/ask`. */
export interface AskResult {
  readonly answer: string;
  readonly sources: readonly AnswerSource[];
  readonly model: string;
  /** What this request spent: zero when the answer came from the cache. */
  readonly usage: LlmUsage & { readonly costUsd: number };
  readonly cached: boolean;
}

export interface AskOptions {
  readonly model: string;
  /** Stream the answer: called with each token, and time to first token is marked. */
  readonly onToken?: ((token: string) => void) | undefined;
  /** Aborts the provider call when the client goes away. */
  readonly signal?: AbortSignal | undefined;
}

export interface RagServiceDeps {
  readonly retriever: Retriever;
  readonly cache: AnswerCache;
  readonly llm: Llm;
}

const NO_USAGE = { input: 0, output: 0, cachedInput: 0, costUsd: 0 } as const;
/** The `source` label of the one index this service searches. */
const RETRIEVAL_SOURCE = 'docs';

/**
 * The framework-free core of the sample service: cache, retrieval, generation, and everything the
 * handlers record on the request's `RagContext`. The Express and Koa apps only translate HTTP.
 */
export class RagService {
  constructor(private readonly deps: RagServiceDeps) {}

  async ask(question: string, rag: RagContext, options: AskOptions): Promise<AskResult> {
    rag.setModel(options.model);
    // The input guardrail runs first: a blocked question reaches neither the cache nor the model.
    const guardrail = checkInput(question);
    rag.recordGuardrail(guardrail);
    if (guardrail.action === 'blocked') return this.block(rag, options);
    const lookup = this.deps.cache.lookup(options.model, question);
    for (const layer of lookup.layers) rag.recordCache(layer);
    if (lookup.answer) return this.replay(lookup.answer, rag, options);

    const retrieved = rag.time('retrieval', () => this.deps.retriever.search(question));
    const best = retrieved[0];
    rag.recordRelevance(best ? best.relevance : 0);
    rag.recordRetrieval({
      documents: retrieved.length,
      topScore: best?.relevance,
      source: RETRIEVAL_SOURCE,
    });

    // The LLM call records its own usage (rag.recordUsage / rag.trackStream); this request makes
    // one call, so what the request recorded is what the answer cost.
    const reply = await this.generate(question, retrieved, rag, options);
    const spent = rag.summary();
    const usage = { ...spent.tokens, costUsd: spent.costUsd };
    rag.recordRateLimitHeaders(PROVIDER, reply.headers);

    // A refusal is not unfaithful, it is a different outcome: count it instead of scoring it.
    if (isRefusal(reply.text))
      rag.recordRefusal(retrieved.length === 0 ? 'no_context' : 'declined');
    else rag.recordEvaluation('faithfulness', faithfulness(reply.text, retrieved.length));
    const cited = citedPassages(reply.text, retrieved.length);
    if (retrieved.length > 0) rag.recordContextPrecision(cited.size / retrieved.length);
    const result: CachedAnswer = {
      answer: reply.text,
      sources: retrieved.map((found, index) => sourceOf(found, index + 1, cited)),
      model: reply.model,
    };
    this.deps.cache.store(options.model, question, result);
    return { ...result, usage, cached: false };
  }

  private async generate(
    question: string,
    retrieved: readonly RetrievedPassage[],
    rag: RagContext,
    options: AskOptions,
  ): Promise<LlmReply> {
    const messages = buildMessages(
      question,
      retrieved.map((found) => found.passage),
    );
    const { onToken } = options;
    try {
      return await rag.time('generation', () => {
        if (!onToken) return this.deps.llm.complete(options.model, messages, rag, options.signal);
        // rag.trackStream marks time to first token at the first content chunk.
        return this.deps.llm.stream(options.model, messages, rag, {
          signal: options.signal,
          onToken,
        });
      });
    } catch (err) {
      recordProviderError(rag, err);
      throw err;
    }
  }

  /** A blocked question gets a fixed answer, streamed like any other, and costs nothing. */
  private block(rag: RagContext, options: AskOptions): AskResult {
    if (options.onToken) {
      rag.markFirstToken();
      options.onToken(BLOCKED_ANSWER);
    }
    return {
      answer: BLOCKED_ANSWER,
      sources: [],
      model: options.model,
      usage: NO_USAGE,
      cached: false,
    };
  }

  /** A cached answer costs nothing; when streaming it is still sent word by word. */
  private replay(cached: CachedAnswer, rag: RagContext, options: AskOptions): AskResult {
    if (options.onToken) {
      rag.markFirstToken();
      for (const token of cached.answer.match(/\s*\S+/g) ?? []) options.onToken(token);
    }
    return { ...cached, usage: NO_USAGE, cached: true };
  }
}

function sourceOf(
  found: RetrievedPassage,
  citation: number,
  cited: ReadonlySet<number>,
): AnswerSource {
  return {
    id: found.passage.id,
    title: found.passage.title,
    heading: found.passage.heading,
    citation,
    relevance: Math.round(found.relevance * 1000) / 1000,
    cited: cited.has(citation),
  };
}
