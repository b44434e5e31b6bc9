import type { ModelChoice } from './app-config';

/** A validated question. */
export interface AskInput {
  readonly question: string;
  readonly model: string;
}

/** A client mistake: answered 400 with this message. */
export class BadRequest extends Error {
  readonly status = 400;
  readonly expose = true;

  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

export const MAX_QUESTION_LENGTH = 500;

/** `POST /ask` body: `{ "question": "…", "model"?: "…" }`. */
export function askInputFromBody(body: unknown, models: ModelChoice): AskInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest(
      'Send a JSON object such as {"question": "How do backups work?"} with Content-Type: application/json.',
    );
  }
  const { question, model } = body as Record<string, unknown>;
  return { question: checkQuestion(question, '"question"'), model: checkModel(model, models) };
}

/** `GET /ask/stream?q=…&model=…`. */
export function askInputFromQuery(
  query: Readonly<Record<string, unknown>>,
  models: ModelChoice,
): AskInput {
  return {
    question: checkQuestion(query.q, 'query parameter "q"'),
    model: checkModel(query.model, models),
  };
}

function checkQuestion(value: unknown, name: string): string {
  if (value === undefined) throw new BadRequest(`${name} is required.`);
  if (typeof value !== 'string') throw new BadRequest(`${name} must be a string.`);
  const question = value.trim();
  if (question === '') throw new BadRequest(`${name} must not be empty.`);
  if (question.length > MAX_QUESTION_LENGTH) {
    throw new BadRequest(`${name} is longer than ${MAX_QUESTION_LENGTH} characters.`);
  }
  return question;
}

function checkModel(value: unknown, models: ModelChoice): string {
  if (value === undefined) return models.default;
  if (typeof value === 'string' && models.allowed.includes(value)) return value;
  throw new BadRequest(`"model" must be one of: ${models.allowed.join(', ')}.`);
}
