/** @module core/claim — the Claim, its Attributions and the Sources they come from: the claims ledger. */
import { SOURCE_KINDS, type SourceKind } from './update.js'

export { SOURCE_KINDS, type SourceKind }

/**
 * Where a claim stands. `unverified` is where every claim starts; `false` is a finding of the
 * newsroom and is never suggested; the others can be suggested from what sources say.
 */
export const CLAIM_STATUSES = [
  'unverified',
  'contested',
  'confirmed',
  'denied',
  'false',
  'retracted',
] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]

/** What a source says about a claim, spelled as the API spells it. */
export const STANCES = [
  'asserts',
  'denies',
  'declines_to_confirm',
  'assesses_likely',
  'assesses_unlikely',
  'cautions',
  'retracts',
] as const
export type Stance = (typeof STANCES)[number]

/** Readable labels, for pages, CSV and the derivation text. */
export const STANCE_LABELS: Record<Stance, string> = {
  asserts: 'asserts',
  denies: 'denies',
  declines_to_confirm: 'declines to confirm',
  assesses_likely: 'assesses as likely',
  assesses_unlikely: 'assesses as unlikely',
  cautions: 'urges caution',
  retracts: 'retracts',
}

export const STATUS_LABELS: Record<ClaimStatus, string> = {
  unverified: 'Unverified',
  contested: 'Contested',
  confirmed: 'Confirmed',
  denied: 'Denied',
  false: 'False',
  retracted: 'Retracted',
}

/** An actor whose statements are attributed: a ministry, an agency, a think tank, a person. */
export interface Source {
  id: string
  name: string
  kind: SourceKind
  /**
   * The side the source speaks for or belongs to ("Norland", "Sudria"), or null when it stands
   * on its own. Sources sharing an affiliation count as one side when statuses are suggested.
   */
  affiliation: string | null
  /** A short "who they are" line. */
  description: string
  /** Other names it goes by (transliterations, abbreviations). */
  aliases: string[]
  version: number
  /** Set when this source was found to duplicate another: every statement now points there. */
  mergedInto: string | null
  createdAt: string
  updatedAt: string
}

/** A proposition in plain words whose truth the ledger tracks, e.g. "Norland forces control Veldra". */
export interface Claim {
  id: string
  proposition: string
  /** Names of the places, organisations or people the claim is about. */
  subjects: string[]
  /** The newsroom's verdict, which is what readers see. */
  status: ClaimStatus
  /** Why the newsroom gave its current verdict. */
  note: string
  version: number
  mergedInto: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  /** When and by whom the status was last set by an editor; null while never judged. */
  verdictAt: string | null
  verdictBy: string | null
}

/**
 * One statement by one source about one claim. A mistake in recording it is corrected (a new
 * version, with a reason); a statement recorded by mistake is withdrawn, never deleted. A change
 * of mind by the source is a new statement, not a correction.
 */
export interface Attribution {
  id: string
  claimId: string
  sourceId: string
  stance: Stance
  /** The quote or a paraphrase, plain text. */
  quote: string
  /** When the source said it, when the moment is known. */
  statedAt: string | null
  /**
   * When only a span is known ("earlier this week"): the earliest and latest moments it can have
   * been said, both set or both null, and null whenever `statedAt` is set.
   */
  statedFrom: string | null
  statedTo: string | null
  /** The update that reported the statement. */
  updateId: string | null
  evidenceUrl: string | null
  recordedBy: string
  /** When it was recorded in the ledger, whatever it says about when it was said. */
  recordedAt: string
  /** 1 as recorded; each correction or withdrawal adds one. Sent as If-Match to correct. */
  version: number
  /** The latest correction's time and reason; null while never corrected. */
  correctedAt: string | null
  correctionReason: string | null
  /** Set when the statement was withdrawn as recorded by mistake: it then counts for nothing. */
  withdrawnAt: string | null
  withdrawnBy: string | null
  withdrawnReason: string | null
}

/** The life of a statement just recorded: never corrected nor withdrawn, no span. */
export const AS_RECORDED = {
  statedFrom: null,
  statedTo: null,
  version: 1,
  correctedAt: null,
  correctionReason: null,
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawnReason: null,
} as const satisfies Partial<Attribution>

/** What made one version of a statement. */
export const ATTRIBUTION_CHANGES = ['recorded', 'corrected', 'withdrawn'] as const
export type AttributionChange = (typeof ATTRIBUTION_CHANGES)[number]

/** The fields a correction may change, as they stood in one version. */
export type AttributionContent = Pick<
  Attribution,
  | 'sourceId'
  | 'stance'
  | 'quote'
  | 'statedAt'
  | 'statedFrom'
  | 'statedTo'
  | 'updateId'
  | 'evidenceUrl'
>

/** One version of a statement, kept for ever: what it said then, who changed it and why. */
export interface AttributionRevision extends AttributionContent {
  attributionId: string
  version: number
  change: AttributionChange
  /** Why it was corrected or withdrawn; '' for the version as recorded. */
  reason: string
  actor: string
  createdAt: string
}

/** Version 1 of a statement: what it said as recorded. */
export const firstRevision = (a: Attribution): AttributionRevision => ({
  attributionId: a.id,
  version: 1,
  change: 'recorded',
  sourceId: a.sourceId,
  stance: a.stance,
  quote: a.quote,
  statedAt: a.statedAt,
  statedFrom: a.statedFrom,
  statedTo: a.statedTo,
  updateId: a.updateId,
  evidenceUrl: a.evidenceUrl,
  reason: '',
  actor: a.recordedBy,
  createdAt: a.recordedAt,
})

/** Whether a statement counts in what the ledger derives from it: withdrawn ones do not. */
export const isCounted = (a: Pick<Attribution, 'withdrawnAt'>): boolean => a.withdrawnAt === null

/** What changed in one version of a claim. */
export const CLAIM_CHANGES = [
  'created',
  'status',
  'proposition',
  'merged',
  'merged_into',
  'linked',
  'attribution',
  'source',
  'attribution_corrected',
  'attribution_withdrawn',
] as const
export type ClaimChange = (typeof CLAIM_CHANGES)[number]

/** One version of a claim, kept for ever: who changed what, when and why. */
export interface ClaimRevision {
  version: number
  change: ClaimChange
  proposition: string
  status: ClaimStatus
  /** The suggestion at the time, so the history shows whether the verdict followed it. */
  suggestedStatus: ClaimStatus
  note: string
  /** Change-specific facts: the merged claim's id, the linked story, the attribution id. */
  detail: Record<string, string> | null
  actor: string
  createdAt: string
}

/** The time fields that place a statement in time. */
export type StatedTimes = Pick<Attribution, 'statedAt' | 'recordedAt'> &
  Partial<Pick<Attribution, 'statedFrom'>>

/**
 * When a statement counts as made: when it was said if known, the start of its span when only
 * a span is known (decision 0044), otherwise when it was recorded.
 */
export const statedTime = (a: StatedTimes): string => a.statedAt ?? a.statedFrom ?? a.recordedAt

/** Oldest statement first; ties keep the order they were recorded in. */
export function chronological<T extends StatedTimes & Pick<Attribution, 'id'>>(
  attributions: readonly T[],
): T[] {
  return [...attributions].sort((a, b) => {
    const ta = statedTime(a)
    const tb = statedTime(b)
    if (ta !== tb) return ta < tb ? -1 : 1
    if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  })
}

/**
 * The key a source name or alias is looked up by: case, accents' composed forms and runs of
 * white space do not make two sources.
 * @example sourceKey('  Norland  Ministry of Defence ') // 'norland ministry of defence'
 */
export function sourceKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/** A source's names without duplicates (by key), the main name first. */
export function namesOf(source: Pick<Source, 'name' | 'aliases'>): string[] {
  const seen = new Set<string>()
  const names: string[] = []
  for (const name of [source.name, ...source.aliases]) {
    const key = sourceKey(name)
    if (key && !seen.has(key)) {
      seen.add(key)
      names.push(name.trim().replace(/\s+/g, ' '))
    }
  }
  return names
}

/** Why a claim cannot be merged into another, or undefined when it can. */
export function forbiddenClaimMerge(
  from: Pick<Claim, 'id' | 'mergedInto'>,
  into: Pick<Claim, 'id' | 'mergedInto'>,
): string | undefined {
  if (from.id === into.id) return 'A claim cannot be merged into itself'
  if (from.mergedInto) return `This claim was already merged into ${from.mergedInto}`
  if (into.mergedInto)
    return `The target claim was itself merged into ${into.mergedInto}; merge into that one`
  return undefined
}

/** Why a source cannot be merged into another, or undefined when it can. */
export function forbiddenSourceMerge(
  from: Pick<Source, 'id' | 'mergedInto'>,
  into: Pick<Source, 'id' | 'mergedInto'>,
): string | undefined {
  if (from.id === into.id) return 'A source cannot be merged into itself'
  if (from.mergedInto) return `This source was already merged into ${from.mergedInto}`
  if (into.mergedInto)
    return `The target source was itself merged into ${into.mergedInto}; merge into that one`
  return undefined
}
