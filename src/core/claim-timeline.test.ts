import { describe, expect, it } from 'vitest'
import { AS_RECORDED, type Attribution, type ClaimRevision } from './claim.js'
import { layoutTimeline } from './claim-timeline.js'

const statement = (id: string, sourceId: string, statedAt: string | null): Attribution => ({
  id,
  claimId: 'c1',
  sourceId,
  stance: 'asserts',
  quote: '',
  statedAt,
  updateId: null,
  evidenceUrl: null,
  recordedBy: 'desk',
  recordedAt: '2026-03-06T00:00:00.000Z',
  ...AS_RECORDED,
})
const sources = new Map([
  ['a', { id: 'a', name: 'Iron Company' }],
  ['b', { id: 'b', name: 'Sudria General Staff' }],
])
const verdict: ClaimRevision = {
  version: 3,
  change: 'status',
  proposition: 'p',
  status: 'contested',
  suggestedStatus: 'contested',
  note: 'why',
  detail: null,
  actor: 'editor',
  createdAt: '2026-03-04T00:00:00.000Z',
}

describe(layoutTimeline.name, () => {
  it('gives each source a lane in order of its first statement and places marks by time', () => {
    const sut = layoutTimeline(
      [
        statement('2', 'b', '2026-03-03T00:00:00Z'),
        statement('1', 'a', '2026-03-02T00:00:00Z'),
        statement('3', 'a', '2026-03-05T00:00:00Z'),
      ],
      sources,
      [verdict],
    )
    expect(sut.lanes.map((l) => l.name)).toEqual(['Iron Company', 'Sudria General Staff'])
    expect(sut.marks.map((m) => m.attributionId)).toEqual(['1', '2', '3'])
    const [first, second, third] = sut.marks
    expect(first!.x).toBeGreaterThanOrEqual(sut.plotLeft)
    expect(third!.x).toBeLessThanOrEqual(sut.plotRight)
    expect(first!.x).toBeLessThan(second!.x)
    expect(second!.y).toBeGreaterThan(first!.y)
    expect(first!.y).toBe(third!.y)
    expect(sut.verdicts).toEqual([
      { x: expect.any(Number), status: 'contested', label: 'Verdict: Contested' },
    ])
    expect(sut.verdicts[0]!.x).toBeGreaterThan(second!.x)
    expect(sut.ticks.map((t) => t.at.slice(0, 10))).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ])
  })

  it('draws a lone statement in the middle of a span, and nothing at all without statements', () => {
    const one = layoutTimeline([statement('1', 'a', null)], sources, [])
    expect(one.marks[0]!.x).toBeCloseTo((one.plotLeft + one.plotRight) / 2, 0)
    const none = layoutTimeline([], sources, [])
    expect(none.lanes).toEqual([])
    expect(none.marks).toEqual([])
  })

  it('thins the day ticks over long spans', () => {
    const sut = layoutTimeline(
      [statement('1', 'a', '2026-01-01T00:00:00Z'), statement('2', 'b', '2026-03-01T00:00:00Z')],
      sources,
      [],
    )
    expect(sut.ticks.length).toBeLessThanOrEqual(9)
  })
})
