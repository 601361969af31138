import { describe, expect, it } from 'vitest'
import { checkVersion, etagOf, parseIfMatch } from './version.js'

describe('parseIfMatch', () => {
  it('reads an entity tag and a bare number', () => {
    expect(parseIfMatch('"3"')).toBe(3)
    expect(parseIfMatch('3')).toBe(3)
    expect(parseIfMatch(etagOf(12))).toBe(12)
  })
  it('treats an absent header as missing and garbage as never matching', () => {
    expect(parseIfMatch(undefined)).toBeUndefined()
    expect(parseIfMatch('  ')).toBeUndefined()
    expect(parseIfMatch('"abc"')).toBeNaN()
    expect(parseIfMatch('*')).toBeNaN()
  })
  it('never lets a weak tag match: If-Match compares strong validators only', () => {
    expect(parseIfMatch('W/"3"')).toBeNaN()
    expect(checkVersion(parseIfMatch('W/"1"'), 1)).toBe('stale')
  })
})

describe('checkVersion', () => {
  it('is missing without a precondition, stale when it differs, ok when equal', () => {
    expect(checkVersion(undefined, 2)).toBe('missing')
    expect(checkVersion(1, 2)).toBe('stale')
    expect(checkVersion(Number.NaN, 2)).toBe('stale')
    expect(checkVersion(2, 2)).toBe('ok')
  })
})
