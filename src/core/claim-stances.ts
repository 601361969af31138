/** @module core/claim-stances — who stands where on a claim: each source once, under its latest counted statement's stance; the one derivation every surface shows. */
import type { Stance } from './claim.js'

/**
 * Each group's opening words, in the order groups are read: those for the claim, the reserved,
 * those against, retractions. The source names follow, then a full stop.
 */
export const STANCE_PHRASES: Record<Stance, string> = {
  asserts: 'Asserted by',
  assesses_likely: 'Assessed as likely by',
  assesses_unlikely: 'Assessed as unlikely by',
  declines_to_confirm: 'Not confirmed by',
  cautions: 'Urged caution:',
  denies: 'Denied by',
  retracts: 'Retracted by',
}

// Derived from the phrases' key order so the live script carries the order only once.
export const STANCE_ORDER = Object.keys(STANCE_PHRASES) as Stance[]

/** One statement as the derivation needs it; the API's attribution shape fits as it is. */
export interface StanceStatement {
  stance: Stance
  source: { id: string; name: string }
  /** When it was said, or the start of its span; null or absent when only the recording time is known. */
  stated_at?: string | null
  stated_from?: string | null
  recorded_at?: string
  /** A withdrawn statement was recorded by mistake and counts for nothing. */
  withdrawn_at?: string | null
}

/** The sources whose latest statement takes one stance, in order of their first statement. */
export interface StanceGroup {
  stance: Stance
  sources: string[]
}

// Said time, then recording time: ISO strings of one length sort as text.
const orderKey = (s: StanceStatement): string =>
  `${s.stated_at ?? s.stated_from ?? s.recorded_at ?? ''}|${s.recorded_at ?? ''}`

/**
 * The groups of a claim: withdrawn statements are left out, the rest ordered by when they were
 * said (then when recorded, then as given), and each source is placed by its latest one.
 * @example stanceGroups([{ stance: 'asserts', source: { id: 's1', name: 'Ministry' } }])
 *   // [{ stance: 'asserts', sources: ['Ministry'] }]
 */
export function stanceGroups(statements: readonly StanceStatement[]): StanceGroup[] {
  // A stable sort keeps statements with equal keys as given.
  const ordered = statements
    .filter((s) => !s.withdrawn_at)
    .map((s) => [orderKey(s), s] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // A Map keeps first-insertion order, so sources are listed by their first statement.
  const latest = new Map<string, StanceStatement>()
  for (const [, s] of ordered) latest.set(s.source.id, s)
  const groups: StanceGroup[] = []
  for (const stance of STANCE_ORDER) {
    const sources = [...latest.values()]
      .filter((s) => s.stance === stance)
      .map((s) => s.source.name)
    if (sources.length > 0) groups.push({ stance, sources })
  }
  return groups
}

/** One group as readers read it: "Not confirmed by the military." */
export const stanceSentence = (g: StanceGroup): string =>
  `${STANCE_PHRASES[g.stance]} ${g.sources.join(', ')}.`

/** All groups as one line of text, as the panel, the card and the claim page print them. */
export const stancesText = (groups: readonly StanceGroup[]): string =>
  groups.map(stanceSentence).join(' ')
