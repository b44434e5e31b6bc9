/** `url` is `path` itself, or `path` followed by a query string. Cheaper than parsing the URL. */
export function isPath(url: string, path: string): boolean {
  return url.startsWith(path) && (url.length === path.length || url.charCodeAt(path.length) === 63);
}
