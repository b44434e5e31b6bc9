/** A bad environment variable: reported as one line, not a stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A number from `env[name]` within [min, max], or `fallback` when unset or empty. */
export function numberVar(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)} is invalid: expected a number from ${min} to ${max}.`,
    );
  }
  return value;
}

/** Like `numberVar`, for whole numbers (ports, counts). */
export function integerVar(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = numberVar(env, name, fallback, min, max);
  if (!Number.isInteger(value)) {
    throw new ConfigError(
      `${name}=${JSON.stringify(env[name])} is invalid: expected a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

export function stringVar(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}
