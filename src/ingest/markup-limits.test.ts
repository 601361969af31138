/** @module ingest/markup-limits.test — nesting and token limits decided without building a tree. */
import { describe, expect, it } from 'vitest'
import { markupLimitExceeded } from './markup-limits.js'

describe('markupLimitExceeded', () => {
  const limits = { maxDepth: 8, maxTokens: 100 }

  it('accepts a page nested as deep as the limit and no deeper', () => {
    expect(markupLimitExceeded('<b>'.repeat(8), { xmlMode: false }, limits)).toBeUndefined()
    expect(markupLimitExceeded('<b>'.repeat(9), { xmlMode: false }, limits)).toMatch(/8 elements/)
  })

  it('counts closed elements out, and implied closes in HTML', () => {
    expect(markupLimitExceeded('<p>a</p>'.repeat(30), { xmlMode: false }, limits)).toBeUndefined()
    // Each <p> closes the one before it in HTML; in XML they nest.
    expect(markupLimitExceeded('<p>'.repeat(20), { xmlMode: false }, limits)).toBeUndefined()
    expect(markupLimitExceeded('<p>'.repeat(20), { xmlMode: true }, limits)).toMatch(/deep/)
  })

  it('refuses more tags and text runs than the limit', () => {
    expect(markupLimitExceeded('<i>a</i>'.repeat(60), { xmlMode: false }, limits)).toMatch(
      /more than 100 tags/,
    )
  })

  it('stops at 150,000 nested tags with the default limits, without a tree', () => {
    expect(
      markupLimitExceeded(`<main>${'<b>'.repeat(150_000)}</main>`, { xmlMode: false }),
    ).toMatch(/256 elements/)
  })
})
