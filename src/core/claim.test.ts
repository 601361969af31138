import { describe, expect, it } from 'vitest'
import {
  chronological,
  forbiddenClaimMerge,
  forbiddenSourceMerge,
  namesOf,
  sourceKey,
} from './claim.js'

describe(sourceKey.name, () => {
  it('ignores case, spacing and compatibility forms', () => {
    expect(sourceKey('  Norland   Ministry of DEFENCE ')).toBe('norland ministry of defence')
    expect(sourceKey('ＮＤＭ')).toBe('ndm')
  })
})

describe(namesOf.name, () => {
  it('keeps the main name first and drops aliases that are the same name', () => {
    expect(
      namesOf({ name: 'Iron Company', aliases: ['iron  company', 'IC', ' ', 'ic', 'Iron Co.'] }),
    ).toEqual(['Iron Company', 'IC', 'Iron Co.'])
  })
})

describe(chronological.name, () => {
  it('orders by the time of the statement, falling back to when it was recorded', () => {
    const a = {
      id: 'a',
      statedAt: '2026-03-03T00:00:00.000Z',
      recordedAt: '2026-03-09T00:00:00.000Z',
    }
    const b = { id: 'b', statedAt: null, recordedAt: '2026-03-02T00:00:00.000Z' }
    const c = {
      id: 'c',
      statedAt: '2026-03-03T00:00:00.000Z',
      recordedAt: '2026-03-08T00:00:00.000Z',
    }
    expect(chronological([a, b, c]).map((x) => x.id)).toEqual(['b', 'c', 'a'])
  })
})

describe('merging', () => {
  const live = (id: string) => ({ id, mergedInto: null })
  it('refuses a merge into itself, from or into a merged one', () => {
    expect(forbiddenClaimMerge(live('a'), live('a'))).toMatch(/itself/)
    expect(forbiddenClaimMerge({ id: 'a', mergedInto: 'c' }, live('b'))).toMatch(/already merged/)
    expect(forbiddenClaimMerge(live('a'), { id: 'b', mergedInto: 'c' })).toMatch(
      /merge into that one/,
    )
    expect(forbiddenClaimMerge(live('a'), live('b'))).toBeUndefined()
    expect(forbiddenSourceMerge(live('s'), live('s'))).toMatch(/itself/)
    expect(forbiddenSourceMerge(live('s'), live('t'))).toBeUndefined()
  })
})
