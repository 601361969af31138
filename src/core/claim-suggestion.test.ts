import { describe, expect, it } from 'vitest'
import type { Stance } from './claim.js'
import { suggestStatus, type SuggestionInput, type SuggestionSource } from './claim-suggestion.js'

// An invented conflict: Norland forces are said to have taken the town of Veldra from Sudria.
const SOURCES: SuggestionSource[] = [
  { id: 'iron', name: 'Iron Company', affiliation: 'Norland' },
  { id: 'presidency', name: 'Norland Presidency', affiliation: 'Norland' },
  { id: 'mod', name: 'Norland Ministry of Defence', affiliation: 'norland ' },
  { id: 'staff', name: 'Sudria General Staff', affiliation: 'Sudria' },
  { id: 'governor', name: 'Veldra Regional Governor', affiliation: 'Sudria' },
  { id: 'institute', name: 'Meridian Conflict Institute', affiliation: null },
  { id: 'wire', name: 'Coastal Wire Agency', affiliation: null },
]
const sources = new Map(SOURCES.map((s) => [s.id, s]))

let n = 0
const said = (sourceId: string, stance: Stance, day: number, hour = 12): SuggestionInput => ({
  id: `a${String(++n).padStart(3, '0')}`,
  sourceId,
  stance,
  statedAt: `2026-03-0${day}T${String(hour).padStart(2, '0')}:00:00.000Z`,
  recordedAt: '2026-03-09T00:00:00.000Z',
})
const sut = (...statements: SuggestionInput[]) => suggestStatus(statements, sources)

describe(suggestStatus.name, () => {
  it('leaves a claim nobody has spoken about unverified', () => {
    expect(sut()).toEqual({ status: 'unverified', reasons: [expect.stringMatching(/No source/)] })
  })

  it('keeps one side’s word unverified, however many of its voices repeat it', () => {
    expect(sut(said('iron', 'asserts', 1)).status).toBe('unverified')
    const both = sut(said('iron', 'asserts', 1), said('mod', 'asserts', 2))
    expect(both.status).toBe('unverified')
    expect(both.reasons.at(-1)).toMatch(/Only one side asserts it so far: unverified\./)
  })

  it('confirms what two independent sides assert and nobody disputes', () => {
    const result = sut(said('mod', 'asserts', 1), said('staff', 'asserts', 2))
    expect(result.status).toBe('confirmed')
    expect(result.reasons.at(-1)).toMatch(/2 independent sides/)
    // Sources without an affiliation are each a side of their own.
    expect(sut(said('wire', 'asserts', 1), said('institute', 'asserts', 1)).status).toBe(
      'confirmed',
    )
  })

  it('does not confirm on assessments alone', () => {
    expect(sut(said('institute', 'assesses_likely', 1)).status).toBe('unverified')
    expect(sut(said('iron', 'asserts', 1), said('institute', 'assesses_likely', 2)).status).toBe(
      'unverified',
    )
  })

  it('calls it contested when one side asserts and the other denies or will not confirm', () => {
    expect(sut(said('mod', 'asserts', 1), said('staff', 'denies', 1)).status).toBe('contested')
    const reserve = sut(said('mod', 'asserts', 1), said('staff', 'declines_to_confirm', 2))
    expect(reserve.status).toBe('contested')
    expect(reserve.reasons).toEqual([
      'For it: Norland Ministry of Defence (asserts).',
      'Not confirmed by: Sudria General Staff (declines to confirm).',
      'It is asserted, but not confirmed by others: contested.',
    ])
    expect(sut(said('iron', 'asserts', 1), said('institute', 'assesses_unlikely', 2)).status).toBe(
      'contested',
    )
  })

  it('counts a caution from the asserting side as a reserve', () => {
    expect(sut(said('iron', 'asserts', 1), said('presidency', 'cautions', 2)).status).toBe(
      'contested',
    )
  })

  it('lets a later position of the same side overtake a reserve, but not an earlier one', () => {
    const overtaken = sut(
      said('iron', 'asserts', 1),
      said('presidency', 'cautions', 2),
      said('mod', 'asserts', 3),
    )
    expect(overtaken.status).toBe('unverified')
    expect(overtaken.reasons).toContain(
      'No longer counted: Norland Presidency, whose reserve was overtaken by a later position of the same side.',
    )
    const standing = sut(
      said('iron', 'asserts', 1),
      said('mod', 'asserts', 2),
      said('presidency', 'cautions', 3),
    )
    expect(standing.status).toBe('contested')
    // A reserve of the other side is never overtaken by this side's position.
    expect(sut(said('staff', 'declines_to_confirm', 1), said('mod', 'asserts', 2)).status).toBe(
      'contested',
    )
  })

  it('counts each source once, by its latest statement, whatever order they were recorded in', () => {
    const changedMind = [
      said('staff', 'asserts', 4),
      said('mod', 'asserts', 1),
      said('staff', 'denies', 2),
    ]
    expect(sut(...changedMind).status).toBe('confirmed')
    expect(sut(...changedMind.reverse()).status).toBe('confirmed')
  })

  it('falls back to the recording time when the time of the statement is unknown', () => {
    const early = {
      ...said('staff', 'denies', 1),
      statedAt: null,
      recordedAt: '2026-03-05T00:00:00.000Z',
    }
    expect(sut(said('staff', 'asserts', 2), early, said('mod', 'asserts', 1)).status).toBe(
      'contested',
    )
  })

  it('denies what is denied with nobody speaking for it', () => {
    expect(sut(said('staff', 'denies', 1)).status).toBe('denied')
    expect(sut(said('staff', 'denies', 1), said('governor', 'declines_to_confirm', 1)).status).toBe(
      'denied',
    )
    expect(sut(said('institute', 'assesses_unlikely', 1)).status).toBe('unverified')
  })

  it('marks a claim retracted when whoever asserted it withdraws', () => {
    const result = sut(said('iron', 'asserts', 1), said('iron', 'retracts', 2))
    expect(result.status).toBe('retracted')
    expect(result.reasons[0]).toBe('Retracted by: Iron Company.')
    // A retracted denial is not a retracted claim.
    expect(sut(said('staff', 'denies', 1), said('staff', 'retracts', 2)).status).toBe('unverified')
    // Another side still asserting keeps the claim alive.
    expect(
      sut(said('iron', 'asserts', 1), said('mod', 'asserts', 1), said('iron', 'retracts', 2))
        .status,
    ).toBe('unverified')
  })

  it('never suggests false', () => {
    const stances: Stance[] = [
      'asserts',
      'denies',
      'declines_to_confirm',
      'assesses_likely',
      'assesses_unlikely',
      'cautions',
      'retracts',
    ]
    for (const a of stances)
      for (const b of stances)
        expect(sut(said('mod', a, 1), said('staff', b, 2)).status).not.toBe('false')
  })

  it('walks the Veldra scenario from unverified to contested to confirmed', () => {
    const statements = [
      said('iron', 'asserts', 1, 9),
      said('presidency', 'cautions', 2, 10),
      said('staff', 'declines_to_confirm', 3, 8),
      said('mod', 'asserts', 3, 15),
      said('institute', 'assesses_likely', 4, 7),
      said('staff', 'asserts', 4, 18),
    ]
    const steps = statements.map((_, i) => sut(...statements.slice(0, i + 1)).status)
    expect(steps).toEqual([
      'unverified',
      'contested',
      'contested',
      'contested',
      'contested',
      'confirmed',
    ])
  })

  it('names unknown sources rather than failing', () => {
    expect(suggestStatus([said('ghost', 'asserts', 1)], new Map()).reasons[0]).toBe(
      'For it: an unknown source (asserts).',
    )
  })
})
