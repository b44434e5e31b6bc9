import type { MetricSet } from './metric-set';
import {
  GUARDRAIL_ACTIONS,
  type GuardrailAction,
  type GuardrailResult,
  type RetrievalResult,
  type RetrievalSummary,
} from './quality-types';
import type { RagSummary } from './types';
import { isNonEmptyString, isNonNegativeInteger, isUnitScore } from './validation';

/** What the recorder needs from the instance: the metrics and the reject path. */
export interface QualityTarget {
  readonly metrics: MetricSet;
  rejectValue(kind: string, value: unknown, allowed: string): void;
}

interface Retrieval {
  readonly documents: number;
  readonly topScore: number | undefined;
  readonly source: string;
}

const DEFAULT_SOURCE = 'default';
const DEFAULT_REFUSAL_REASON = 'declined';

/**
 * The answer-quality part of one request's context (issue 10). Every metric here is labelled by
 * route, so, like the other route-labelled observations, facts wait for `finish(route)` and go
 * straight to the metrics after it. Created on first use: requests that record none of these pay
 * nothing.
 */
export class QualityRecorder {
  private retrievals: Retrieval[] | undefined = undefined;
  private evaluationNames: string[] | undefined = undefined;
  private evaluationScores: number[] | undefined = undefined;
  private refusalReasons: string[] | undefined = undefined;
  private guardrails: GuardrailResult[] | undefined = undefined;

  constructor(
    private readonly target: QualityTarget,
    /** The route, once the request is recorded. */
    private route: string | undefined,
  ) {}

  recordRetrieval(result: RetrievalResult): void {
    if (typeof result !== 'object' || result === null) {
      return this.target.rejectValue(
        'recordRetrieval',
        result,
        'an object { documents, topScore?, source? }',
      );
    }
    const { documents, topScore } = result;
    const source = result.source === undefined ? DEFAULT_SOURCE : result.source;
    if (!isNonNegativeInteger(documents)) {
      return this.target.rejectValue('recordRetrieval.documents', documents, 'an integer ≥ 0');
    }
    if (topScore !== undefined && !isUnitScore(topScore)) {
      return this.target.rejectValue(
        'recordRetrieval.topScore',
        topScore,
        'a number from 0 to 1 (normalise raw similarity or BM25 scores first)',
      );
    }
    if (!isNonEmptyString(source)) {
      return this.target.rejectValue('recordRetrieval.source', source, 'a non-empty string');
    }
    // With nothing retrieved there is no top document, whatever score the caller passed.
    const retrieval = { documents, topScore: documents === 0 ? undefined : topScore, source };
    (this.retrievals ??= []).push(retrieval);
    if (this.route !== undefined) this.observeRetrieval(this.route, retrieval);
  }

  recordEvaluation(name: string, score: number): void {
    if (!isNonEmptyString(name)) {
      return this.target.rejectValue(
        'recordEvaluation.name',
        name,
        'a non-empty metric name such as "faithfulness"',
      );
    }
    if (!isUnitScore(score)) {
      return this.target.rejectValue('recordEvaluation.score', score, 'a number from 0 to 1');
    }
    (this.evaluationNames ??= []).push(name);
    (this.evaluationScores ??= []).push(score);
    if (this.route !== undefined)
      this.target.metrics.evaluationScore.get2(this.route, name).observe(score);
  }

  recordRefusal(reason?: string): void {
    const resolved = reason === undefined ? DEFAULT_REFUSAL_REASON : reason;
    if (!isNonEmptyString(resolved)) {
      return this.target.rejectValue(
        'recordRefusal',
        resolved,
        'a non-empty reason such as "no_context", or nothing',
      );
    }
    (this.refusalReasons ??= []).push(resolved);
    if (this.route !== undefined) this.target.metrics.refusals.get2(this.route, resolved).value++;
  }

  recordGuardrail(result: GuardrailResult): void {
    if (typeof result !== 'object' || result === null) {
      return this.target.rejectValue(
        'recordGuardrail',
        result,
        'an object { name, action: "blocked" | "flagged" | "passed" }',
      );
    }
    const { name, action } = result;
    if (!isNonEmptyString(name)) {
      return this.target.rejectValue('recordGuardrail.name', name, 'a non-empty guardrail name');
    }
    if (!GUARDRAIL_ACTIONS.includes(action)) {
      return this.target.rejectValue(
        'recordGuardrail.action',
        action,
        '"blocked", "flagged" or "passed"',
      );
    }
    (this.guardrails ??= []).push({ name, action });
    if (this.route !== undefined) this.countGuardrail(this.route, name, action);
  }

  /** Observes everything that waited for the route; later facts go straight to it. */
  finish(route: string): void {
    if (this.route !== undefined) return;
    this.route = route;
    const { metrics } = this.target;
    for (const retrieval of this.retrievals ?? []) this.observeRetrieval(route, retrieval);
    this.evaluationNames?.forEach((name, i) => {
      metrics.evaluationScore.get2(route, name).observe(this.evaluationScores?.[i] ?? 0);
    });
    for (const reason of this.refusalReasons ?? []) metrics.refusals.get2(route, reason).value++;
    for (const { name, action } of this.guardrails ?? []) this.countGuardrail(route, name, action);
  }

  /** The summary fields these facts fill; absent ones stay undefined so log lines stay short. */
  summary(): Pick<RagSummary, 'retrieval' | 'evaluations' | 'refusals' | 'guardrails'> {
    let evaluations: Record<string, number> | undefined;
    this.evaluationNames?.forEach((name, i) => {
      (evaluations ??= {})[name] = this.evaluationScores?.[i] ?? 0;
    });
    return {
      retrieval: this.retrievalSummary(),
      evaluations,
      refusals: this.refusalReasons && [...this.refusalReasons],
      guardrails: this.guardrails?.map((guardrail) => ({ ...guardrail })),
    };
  }

  private retrievalSummary(): RetrievalSummary | undefined {
    if (this.retrievals === undefined) return undefined;
    const summary: RetrievalSummary = { queries: 0, documents: 0, empty: 0, topScore: undefined };
    for (const retrieval of this.retrievals) {
      summary.queries++;
      summary.documents += retrieval.documents;
      if (retrieval.documents === 0) summary.empty++;
      if (retrieval.topScore !== undefined) summary.topScore = retrieval.topScore;
    }
    return summary;
  }

  private observeRetrieval(route: string, retrieval: Retrieval): void {
    const { metrics } = this.target;
    metrics.retrievalDocuments.get2(route, retrieval.source).observe(retrieval.documents);
    if (retrieval.documents === 0) metrics.retrievalEmpty.get2(route, retrieval.source).value++;
    if (retrieval.topScore !== undefined) {
      metrics.retrievalTopScore.get2(route, retrieval.source).observe(retrieval.topScore);
    }
  }

  private countGuardrail(route: string, name: string, action: GuardrailAction): void {
    this.target.metrics.guardrailActions.get3(route, name, action).value++;
  }
}
