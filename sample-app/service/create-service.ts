import { AnswerCache, type AnswerCacheOptions } from './answer-cache';
import { DOCS_DIR, loadPassages } from './documents';
import { Llm, type LlmConfig } from './llm';
import { RagService } from './rag-service';
import { Retriever, type RetrieverOptions } from './retriever';

export interface ServiceConfig {
  readonly llm: LlmConfig;
  /** Markdown documents to answer from. @default the shipped `sample-app/docs` */
  readonly docsDir?: string;
  readonly retrieval?: RetrieverOptions;
  readonly cache?: AnswerCacheOptions;
}

/** Loads and indexes the documents and wires the service; each call gets its own cache. */
export function createRagService(config: ServiceConfig): { service: RagService; passages: number } {
  const retriever = new Retriever(loadPassages(config.docsDir ?? DOCS_DIR), config.retrieval);
  const service = new RagService({
    retriever,
    cache: new AnswerCache(config.cache),
    llm: new Llm(config.llm),
  });
  return { service, passages: retriever.size };
}
