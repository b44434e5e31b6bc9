/** Environment variables as the package reads them (`process.env`, or the `env` option). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A variable's value, or `undefined` when it is unset or blank. A blank line such as
 * `SERVICE_VERSION=` in a copied `.env` file (node --env-file, dotenv, compose `env_file`) means
 * "not set": it must fall back to the default, not fail the app at start-up (issue 19).
 */
export function envVar(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
