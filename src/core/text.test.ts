import { describe, expect, it } from 'vitest'
import { findInvalidText, hasInvalidText, isBlankText } from './text.js'

describe('hasInvalidText', () => {
  it('refuses NUL and unpaired surrogates, accepts pairs and ordinary text', () => {
    expect(hasInvalidText('a\u0000b')).toBe(true)
    expect(hasInvalidText('\ud800')).toBe(true)
    expect(hasInvalidText('x\udc00')).toBe(true)
    expect(hasInvalidText('\udc00\ud800')).toBe(true)
    expect(hasInvalidText('🙂 Київ القدس')).toBe(false)
  })
})

describe('findInvalidText', () => {
  it('names the path of the first bad string, keys included', () => {
    expect(findInvalidText({ a: 'ok', media: [{ caption: 'x\u0000' }] })).toBe('media.0.caption')
    expect(findInvalidText({ ['k\ud800']: 1 })).toBe('k\ud800')
    expect(findInvalidText({ a: ['fine', 1, null, true] })).toBeUndefined()
  })
})

describe('isBlankText', () => {
  it('treats white space and zero-width characters as blank', () => {
    expect(isBlankText('')).toBe(true)
    expect(isBlankText(' \t\n\u00a0')).toBe(true)
    expect(isBlankText('\u200b\u200c\u200d\u2060\ufeff\u200e')).toBe(true)
    expect(isBlankText('\u3164')).toBe(true)
    expect(isBlankText('ا')).toBe(false)
    expect(isBlankText('🙂')).toBe(false)
  })
})
