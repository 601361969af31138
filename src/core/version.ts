/** @module core/version — optimistic concurrency: versions as entity tags and the If-Match rule. */

/** The entity tag for a version: `"3"`. */
export const etagOf = (version: number): string => `"${version}"`

/**
 * Reads the version out of an If-Match header. Accepts `"3"` and a bare `3`.
 * Returns undefined when the header is absent, NaN when it is present but unreadable
 * (which then never matches, so the client gets a 412 rather than a silent overwrite).
 * A weak tag (`W/"3"`) never matches either: If-Match compares strong validators only (RFC 9110
 * 13.1.1), and our versions are strong, so a weak one says the client holds something else.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const match = /^\s*"?(\d{1,15})"?\s*$/.exec(header)
  return match ? Number(match[1]) : Number.NaN
}

export type VersionCheck = 'ok' | 'missing' | 'stale'

/** The If-Match rule: a missing precondition is 428, a stale one 412. */
export function checkVersion(expected: number | undefined, current: number): VersionCheck {
  if (expected === undefined) return 'missing'
  return expected === current ? 'ok' : 'stale'
}
