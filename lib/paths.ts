/** `url` is `path` itself, or `path` followed by a query string. Cheaper than parsing the URL. */
export function isPath(url: string, path: string): boolean {
  return url.startsWith(path) && (url.length === path.length || url.charCodeAt(path.length) === 63);
}

/** A path an option may name: starts with "/", no query, fragment or whitespace. */
export function isPlainPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !/[?#\s]/.test(value);
}
