import { describe, expect, it } from 'vitest'
import { parseLastEventId, planResume } from './story-event.js'
import { applyUpdateChanges, eventForEdit, type Update } from './update.js'

describe('planResume', () => {
  it('serves a fresh reader live', () => {
    expect(planResume(undefined, 10, 100)).toEqual({ kind: 'live' })
  })
  it('replays exactly what was missed within the window', () => {
    expect(planResume(7, 10, 100)).toEqual({ kind: 'replay', after: 7 })
    expect(planResume(0, 10, 100)).toEqual({ kind: 'replay', after: 0 })
    expect(planResume(10, 10, 100)).toEqual({ kind: 'live' })
  })
  it('resets beyond the window, from the future, or on garbage', () => {
    expect(planResume(2, 10, 5)).toEqual({ kind: 'reset' })
    expect(planResume(5, 10, 5)).toEqual({ kind: 'replay', after: 5 })
    expect(planResume(11, 10, 5)).toEqual({ kind: 'reset' })
    expect(planResume(Number.NaN, 10, 5)).toEqual({ kind: 'reset' })
  })
})

describe('parseLastEventId', () => {
  it('reads digits and rejects everything else', () => {
    expect(parseLastEventId('42')).toBe(42)
    expect(parseLastEventId(' 7 ')).toBe(7)
    expect(parseLastEventId(undefined)).toBeUndefined()
    expect(parseLastEventId('-1')).toBeNaN()
    expect(parseLastEventId('1e3')).toBeNaN()
  })
})

const base: Update = {
  id: 'u1',
  storyId: 's1',
  headline: 'Bridge closed',
  body: 'Police closed the bridge.',
  media: [],
  related: [],
  sources: [],
  pinned: false,
  keyEvent: false,
  status: 'published',
  author: 'desk',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: '2026-01-01T00:00:00.000Z',
  editedAt: null,
  deletedAt: null,
}

describe('eventForEdit', () => {
  it('publishes a draft that becomes public', () => {
    const draft = { ...base, status: 'draft' as const }
    const { next, contentChanged, flagsChanged } = applyUpdateChanges(draft, {
      status: 'published',
    })
    expect(eventForEdit(draft, next, contentChanged, flagsChanged)).toBe('update.published')
  })
  it('calls a content change an edit and a flag-only change a pin', () => {
    const edit = applyUpdateChanges(base, { headline: 'Bridge reopened' })
    expect(eventForEdit(base, edit.next, edit.contentChanged, edit.flagsChanged)).toBe(
      'update.edited',
    )
    const pin = applyUpdateChanges(base, { pinned: true })
    expect(eventForEdit(base, pin.next, pin.contentChanged, pin.flagsChanged)).toBe('update.pinned')
  })
  it('emits nothing for drafts or for no change', () => {
    const draft = { ...base, status: 'draft' as const }
    const edit = applyUpdateChanges(draft, { headline: 'x' })
    expect(eventForEdit(draft, edit.next, edit.contentChanged, edit.flagsChanged)).toBeUndefined()
    const same = applyUpdateChanges(base, { headline: base.headline })
    expect(same.contentChanged).toBe(false)
  })
})
