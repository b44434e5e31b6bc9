import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { RagContext } from '../lib/types';
import { type Fields, isRecord, record, text } from '../lib/usage/fields';
import { fromLangChainMessage } from '../lib/usage/langchain';

/**
 * A LangChain.js callback handler that records a chain's work on a request's `RagContext`:
 * retriever runs as stage `retrieval`, LLM and chat-model runs as stage `generation`, token usage,
 * the first streamed token, and the error type of a failed LLM or retriever run.
 *
 * ```ts
 * const answer = await chain.invoke(question, { callbacks: [new RagMetricsCallbackHandler(rag)] });
 * ```
 *
 * It lives at `rag-metrics/langchain` so that `@langchain/core` stays an optional peer dependency.
 */
export class RagMetricsCallbackHandler extends BaseCallbackHandler {
  name = 'RagMetricsCallbackHandler';
  /** Stage timers of runs in flight, by run id (runs of one chain may overlap). */
  private readonly running = new Map<string, () => number>();
  /** The model each LLM run asked for, for results that do not name one. */
  private readonly models = new Map<string, string>();

  constructor(private readonly rag: RagContext) {
    // Awaited, not queued in the background: a chain's numbers must be recorded before the
    // request that ran it is.
    super({ _awaitHandler: true });
  }

  override handleLLMStart(
    _llm: Serialized,
    _prompts: string[],
    runId: string,
    _parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.startGeneration(runId, extraParams, metadata);
  }

  override handleChatModelStart(
    _llm: Serialized,
    _messages: BaseMessage[][],
    runId: string,
    _parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.startGeneration(runId, extraParams, metadata);
  }

  override handleLLMNewToken(token: string): void {
    // Streaming chat models often open with an empty chunk (the role); that is not a token yet.
    if (token !== '') this.rag.markFirstToken();
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    this.stop(runId);
    const model = this.models.get(runId);
    this.models.delete(runId);
    this.recordResult(output, model);
  }

  override handleLLMError(err: unknown, runId: string): void {
    this.stop(runId);
    this.models.delete(runId);
    this.rag.recordError(err);
  }

  override handleRetrieverStart(_retriever: Serialized, _query: string, runId: string): void {
    this.running.set(runId, this.rag.startStage('retrieval'));
  }

  override handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.stop(runId);
  }

  override handleRetrieverError(err: unknown, runId: string): void {
    this.stop(runId);
    this.rag.recordError(err);
  }

  private startGeneration(
    runId: string,
    extraParams: Record<string, unknown> | undefined,
    metadata: Record<string, unknown> | undefined,
  ): void {
    const model =
      text(record(extraParams, 'invocation_params')?.model) ?? text(metadata?.ls_model_name);
    if (model !== undefined) this.models.set(runId, model);
    this.running.set(runId, this.rag.startStage('generation'));
  }

  private stop(runId: string): void {
    this.running.get(runId)?.();
    this.running.delete(runId);
  }

  /**
   * Usage from the messages' `usage_metadata` when there is any, else from `llmOutput.tokenUsage`:
   * chat models report both for the same call, so reading both would count it twice. Each prompt's
   * call is read once, from its first generation (with `n > 1`, every choice repeats the usage).
   */
  private recordResult(output: LLMResult, requested: string | undefined): void {
    const llmOutput: Fields | undefined = isRecord(output.llmOutput) ? output.llmOutput : undefined;
    const fallbackModel = text(llmOutput?.model_name) ?? requested;
    let fromMessages = false;
    for (const generations of output.generations) {
      for (const generation of generations) {
        const usage = fromLangChainMessage(record(generation, 'message') ?? {});
        if (usage === undefined) continue;
        this.rag.recordTokens({ ...usage, model: usage.model ?? fallbackModel });
        fromMessages = true;
        break;
      }
    }
    if (fromMessages) return;
    const tokenUsage = record(llmOutput, 'tokenUsage');
    if (typeof tokenUsage?.promptTokens === 'number') {
      this.rag.recordTokens({
        model: fallbackModel,
        input: tokenUsage.promptTokens,
        output: typeof tokenUsage.completionTokens === 'number' ? tokenUsage.completionTokens : 0,
      });
    } else if (fallbackModel !== undefined) {
      // No usage (a fake or local model): the model still labels time to first token.
      this.rag.setModel(fallbackModel);
    }
  }
}
