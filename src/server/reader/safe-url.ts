/** @module server/reader/safe-url — the only URLs a reader page links or loads: http(s) and paths on this server. */

/**
 * Returns the URL when a reader may follow or load it, otherwise undefined. The API already
 * refuses other schemes; this check stands again for data that came in another way (imports,
 * older rows), so a `javascript:` or `data:` URL never becomes a live link.
 * @example safeUrl('javascript:alert(1)') // undefined
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  const url = raw.trim()
  // Backslashes and control characters are normalised by browsers in surprising ways.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\s<>"]/.test(url)) return undefined
  if (url.startsWith('/')) return url.startsWith('//') ? undefined : url
  if (!/^https?:\/\//i.test(url)) return undefined
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
