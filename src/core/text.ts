/** @module core/text — rules every piece of text input follows, whichever database stores it. */

// PostgreSQL's text type cannot hold U+0000, and an unpaired surrogate is not a character at all
// (storage would turn it into U+FFFD). Refusing both keeps SQLite and PostgreSQL identical.
// eslint-disable-next-line no-control-regex -- NUL is exactly what is being looked for
const INVALID = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether text has a NUL or an unpaired UTF-16 surrogate. */
export const hasInvalidText = (text: string): boolean => INVALID.test(text)

/**
 * The path of the first string (key or value) inside a parsed JSON value that has a NUL or an
 * unpaired surrogate, e.g. `media.0.caption`; undefined when all text is fine.
 */
export function findInvalidText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasInvalidText(value) ? path : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInvalidText(value[i], path ? `${path}.${i}` : String(i))
      if (found !== undefined) return found
    }
    return undefined
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key
      if (hasInvalidText(key)) return at
      const found = findInvalidText(inner, at)
      if (found !== undefined) return found
    }
  }
  return undefined
}

// White space, and the invisible format characters (zero-width space and joiners, BOM, bidi marks).
const INVISIBLE = /[\s\p{Cf}\p{Z}\u115f\u1160\u3164\uffa0]/gu

/** Whether text shows nothing at all: empty, white space or zero-width characters only. */
export const isBlankText = (text: string): boolean => text.replace(INVISIBLE, '') === ''
