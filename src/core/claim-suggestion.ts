/**
 * @module core/claim-suggestion — the status the ledger suggests for a claim from what its sources
 * say, with the reasoning in words so editors and readers can see why.
 */
import {
  STANCE_LABELS,
  chronological,
  sourceKey,
  statedTime,
  type Attribution,
  type ClaimStatus,
  type Source,
  type Stance,
} from './claim.js'

/** How a stance bears on the claim. */
type Weight = 'for' | 'against' | 'reserve' | 'withdrawn'

const WEIGHT: Record<Stance, Weight> = {
  asserts: 'for',
  assesses_likely: 'for',
  denies: 'against',
  assesses_unlikely: 'against',
  declines_to_confirm: 'reserve',
  cautions: 'reserve',
  retracts: 'withdrawn',
}

/** A statement as the derivation needs it. */
export type SuggestionInput = Pick<
  Attribution,
  'id' | 'sourceId' | 'stance' | 'statedAt' | 'recordedAt'
> &
  Partial<Pick<Attribution, 'statedFrom' | 'withdrawnAt'>>

export type SuggestionSource = Pick<Source, 'id' | 'name' | 'affiliation'>

export interface Suggestion {
  status: ClaimStatus
  /** One sentence per step of the reasoning, in order; the last one gives the conclusion. */
  reasons: string[]
}

/** Sources that share an affiliation are one side; a source without one is a side of its own. */
const sideOf = (source: SuggestionSource | undefined, sourceId: string): string =>
  source?.affiliation && sourceKey(source.affiliation)
    ? `affiliation:${sourceKey(source.affiliation)}`
    : `source:${sourceId}`

const list = (names: string[]): string =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`

/** The rules of {@link suggestStatus} in words, shown on the claim page and in the desk. */
export const SUGGESTION_RULES: readonly string[] = [
  'Each source counts once, by its latest statement; a source that retracts withdraws what it said before.',
  'Declining to confirm and urging caution are reserves, not positions: once a source of the same side later asserts or denies, the reserve no longer counts.',
  'Asserting and assessing as likely speak for the claim; denying and assessing as unlikely speak against it.',
  'For and against it, or for it while a reserve stands: contested.',
  'For it, with assertions from at least two independent sides, and nothing against: confirmed. One side’s word alone stays unverified.',
  'Nothing for it after a source that had spoken for it retracted: retracted. Nothing for it and a denial: denied.',
  '“False” is never suggested: it is a finding the newsroom makes on its own evidence.',
]

/**
 * Suggests a status from a claim's attributions. The rules, in the words shown to editors:
 *
 * 1. Each source counts once, by its latest statement (by the time it was made, or recorded when
 *    that is unknown). A source that retracts withdraws what it said before.
 * 2. Declining to confirm and urging caution are reserves, not positions: once a source of the
 *    same side later asserts or denies, the reserve no longer counts.
 * 3. Asserting and assessing as likely speak for the claim; denying and assessing as unlikely
 *    speak against it.
 * 4. For and against (or for and a standing reserve): contested.
 *    For only, from at least two independent sides that assert it: confirmed.
 *    For only, from one side (or only assessed as likely): unverified — one side's word.
 *    Nothing for it, and a source that had spoken for it retracted: retracted.
 *    Nothing for it and a denial: denied. Otherwise: unverified.
 *
 * "False" is never suggested: it is a finding the newsroom makes on its own evidence.
 */
export function suggestStatus(
  attributions: readonly SuggestionInput[],
  sources: ReadonlyMap<string, SuggestionSource>,
): Suggestion {
  const name = (id: string): string => sources.get(id)?.name ?? 'an unknown source'
  // A withdrawn statement was recorded by mistake: it never was a position of its source.
  attributions = attributions.filter((a) => !a.withdrawnAt)
  if (attributions.length === 0)
    return { status: 'unverified', reasons: ['No source has been recorded yet: unverified.'] }

  const ordered = chronological(attributions)
  // Rule 1: the latest statement of each source.
  const latest = new Map<string, SuggestionInput>()
  for (const a of ordered) latest.set(a.sourceId, a)

  // Rule 2: a reserve lapses when its side later takes a position.
  const lapsed = new Set<string>()
  for (const [sourceId, a] of latest) {
    if (WEIGHT[a.stance] !== 'reserve') continue
    const side = sideOf(sources.get(sourceId), sourceId)
    const later = ordered.find(
      (b) =>
        b.sourceId !== sourceId &&
        (b.stance === 'asserts' || b.stance === 'denies') &&
        sideOf(sources.get(b.sourceId), b.sourceId) === side &&
        statedTime(b) > statedTime(a) &&
        latest.get(b.sourceId) === b,
    )
    if (later) lapsed.add(sourceId)
  }

  const by: Record<Weight, string[]> = { for: [], against: [], reserve: [], withdrawn: [] }
  const asserting = new Set<string>()
  const reasons: string[] = []
  for (const [sourceId, a] of latest) {
    if (lapsed.has(sourceId)) continue
    by[WEIGHT[a.stance]].push(sourceId)
    if (a.stance === 'asserts') asserting.add(sideOf(sources.get(sourceId), sourceId))
  }
  const describe = (ids: string[]): string =>
    list(ids.map((id) => `${name(id)} (${STANCE_LABELS[latest.get(id)!.stance]})`))

  if (by.for.length > 0) reasons.push(`For it: ${describe(by.for)}.`)
  if (by.against.length > 0) reasons.push(`Against it: ${describe(by.against)}.`)
  if (by.reserve.length > 0) reasons.push(`Not confirmed by: ${describe(by.reserve)}.`)
  if (lapsed.size > 0)
    reasons.push(
      `No longer counted: ${list([...lapsed].map(name))}, whose reserve was overtaken by a later position of the same side.`,
    )
  if (by.withdrawn.length > 0) reasons.push(`Retracted by: ${list(by.withdrawn.map(name))}.`)

  const conclude = (status: ClaimStatus, why: string): Suggestion => ({
    status,
    reasons: [...reasons, `${why}: ${status}.`],
  })

  if (by.for.length > 0 && (by.against.length > 0 || by.reserve.length > 0))
    return conclude(
      'contested',
      by.against.length > 0
        ? 'Some sources speak for it and others against it'
        : 'It is asserted, but not confirmed by others',
    )
  if (by.for.length > 0) {
    if (asserting.size >= 2)
      return conclude(
        'confirmed',
        `Asserted by ${asserting.size} independent sides, and nobody disputes it`,
      )
    return conclude(
      'unverified',
      asserting.size === 1
        ? 'Only one side asserts it so far'
        : 'It is assessed as likely, but nobody with direct knowledge asserts it',
    )
  }
  // A retraction counts as one when what it withdrew had spoken for the claim.
  const retractedSupport = by.withdrawn.filter((id) => {
    const before = ordered.filter((a) => a.sourceId === id && a.stance !== 'retracts').pop()
    return before !== undefined && WEIGHT[before.stance] === 'for'
  })
  if (retractedSupport.length > 0)
    return conclude(
      'retracted',
      'Whoever spoke for it has retracted, and nobody else speaks for it',
    )
  if (by.against.some((id) => latest.get(id)!.stance === 'denies'))
    return conclude('denied', 'It is denied and nobody speaks for it')
  return conclude('unverified', 'Nobody speaks for it and nobody denies it')
}
