import { describe, expect, it } from 'vitest'
import { can } from './role.js'
import { forbiddenEdit, type Update } from './update.js'

const published = { status: 'published', pinned: false, keyEvent: false } as Update
const draft = { status: 'draft', pinned: false, keyEvent: false } as Update

describe('can', () => {
  it('orders roles: contributor < editor < admin', () => {
    expect(can('contributor', 'update.draft')).toBe(true)
    expect(can('contributor', 'update.publish')).toBe(false)
    expect(can('editor', 'update.publish')).toBe(true)
    expect(can('editor', 'token.manage')).toBe(false)
    expect(can('admin', 'token.manage')).toBe(true)
    expect(can('admin', 'update.delete')).toBe(true)
  })

  it('keeps the public claims ledger, verdicts and merges for editors', () => {
    for (const action of ['claim.write', 'claim.verdict', 'claim.merge', 'source.write'] as const) {
      expect(can('contributor', action)).toBe(false)
      expect(can('editor', action)).toBe(true)
      expect(can('admin', action)).toBe(true)
    }
  })
})

describe('forbiddenEdit', () => {
  it('lets contributors write and edit drafts only', () => {
    expect(forbiddenEdit('contributor', undefined, draft)).toBeUndefined()
    expect(forbiddenEdit('contributor', draft, draft)).toBeUndefined()
    expect(forbiddenEdit('contributor', undefined, published)).toMatch(/editor publishes/)
    expect(forbiddenEdit('contributor', draft, published)).toMatch(/editor publishes/)
    expect(forbiddenEdit('contributor', published, { ...published })).toBeDefined()
  })
  it('keeps pinning and key events for editors', () => {
    expect(forbiddenEdit('contributor', draft, { ...draft, pinned: true })).toMatch(/pin/)
    expect(forbiddenEdit('editor', published, { ...published, pinned: true })).toBeUndefined()
  })
})
