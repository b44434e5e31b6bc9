/**
 * The pattern a router layer was mounted with (`app.use('/tenants/:tenant', router)`), as the
 * route label shows it: `/tenants/:tenant`, never the text a request matched (issue 14, defect 1).
 *
 * Express 5's router keeps the pattern (`layer.rawPath`). Express 4's keeps only the RegExp that
 * path-to-regexp 0.1 (a frozen branch) compiled from it, which is read back here: literal text,
 * `:name` groups (with `?` when optional) and `*`. A RegExp mount, or anything not read back
 * exactly, is shown as the RegExp itself: bounded, since it comes from the code, not the URL.
 */
export function mountTemplateOf(layer: {
  rawPath?: unknown;
  regexp?: unknown;
  keys?: unknown;
}): string {
  if ('rawPath' in layer) return renderPattern(layer.rawPath);
  const { regexp, keys } = layer;
  if (!(regexp instanceof RegExp)) return String(regexp);
  const names = Array.isArray(keys) ? keys.map((key) => (key as { name?: unknown }).name) : [];
  const alternatives = splitTopLevel(regexp.source);
  const rendered: string[] = [];
  let keyIndex = 0;
  for (const alternative of alternatives) {
    const result = readCompiledPath(alternative, names, keyIndex);
    if (result === undefined) return String(regexp);
    rendered.push(result.template);
    keyIndex = result.nextKey;
  }
  return rendered.join(',');
}

function renderPattern(pattern: unknown): string {
  if (Array.isArray(pattern)) return pattern.map(renderPattern).join(',');
  return typeof pattern === 'string' ? pattern : String(pattern);
}

/** Splits a RegExp source on `|` outside groups and character classes. */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Endings path-to-regexp 0.1 appends (strict or not, `end` or not). */
const ENDINGS = ['\\/?(?=\\/|$)', '\\/?(?:\\/|$)', '(?=\\/|$)', '(?:\\/|$)', '\\/?$', '$', '\\/?'];

/** Reads back one compiled path, or `undefined` if it is not path-to-regexp 0.1's output. */
function readCompiledPath(
  alternative: string,
  names: readonly unknown[],
  firstKey: number,
): { template: string; nextKey: number } | undefined {
  if (!alternative.startsWith('^')) return undefined;
  let body = alternative.slice(1);
  for (const ending of ENDINGS) {
    if (body.endsWith(ending)) {
      body = body.slice(0, -ending.length);
      break;
    }
  }
  let template = '';
  let key = firstKey;
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '\\') {
      const escaped = body[i + 1];
      if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) return undefined;
      template += escaped;
      i += 2;
    } else if (body.startsWith('(.*)', i)) {
      template += '*';
      key++;
      i += 4;
    } else if (body.startsWith('(?:', i)) {
      const end = closingParen(body, i);
      if (end === undefined) return undefined;
      const group = body.slice(i + 3, end);
      const prefix = group.startsWith('\\/') ? '/' : group.startsWith('\\.') ? '.' : '';
      const name = names[key];
      if (typeof name !== 'string' || !group.includes('(')) return undefined;
      const optional = body[end + 1] === '?';
      template += `${prefix}:${name}${optional ? '?' : ''}`;
      key += countCaptures(group);
      i = end + (optional ? 2 : 1);
    } else if ('()[]{}|+*?^$'.includes(c)) {
      return undefined;
    } else {
      template += c;
      i++;
    }
  }
  return { template, nextKey: key };
}

/** Index of the `)` closing the group that opens at `open`. */
function closingParen(source: string, open: number): number | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/** Capturing groups in `source` (the keys a `:name` group with a custom pattern or `*` consumed). */
function countCaptures(source: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && source[i + 1] !== '?') count++;
  }
  return count;
}
