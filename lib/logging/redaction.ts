/** Where the completion line puts the headers; redaction paths are built from these keys. */
export const REQUEST_HEADERS_KEY = 'req_headers';
export const RESPONSE_HEADERS_KEY = 'res_headers';

/** What a redacted value reads as. */
export const REDACTED = '[Redacted]';

/**
 * Headers that carry credentials: HTTP auth and cookies, and the API-key headers of the LLM and
 * cloud providers a RAG service is likely to forward (OpenAI, Azure OpenAI, Anthropic, Google,
 * AWS, API gateways).
 */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'openai-api-key',
  'anthropic-api-key',
  'x-goog-api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'ocp-apim-subscription-key',
  'x-csrf-token',
  'x-xsrf-token',
];

/**
 * pino `redact` paths for every secret header, on both header objects of the completion line and on
 * `headers` objects a handler logs through `req.log`. Node lower-cases incoming header names and
 * `getHeaders()` returns lower-case names, so lower-case paths match whatever case was sent.
 */
export function redactPaths(extraHeaders: readonly string[]): string[] {
  const names = [
    ...new Set([...SECRET_HEADERS, ...extraHeaders.map((name) => name.toLowerCase())]),
  ];
  const paths: string[] = [];
  for (const key of [REQUEST_HEADERS_KEY, RESPONSE_HEADERS_KEY, 'headers']) {
    for (const name of names) paths.push(`${key}[${JSON.stringify(name)}]`);
  }
  return paths;
}
