/** @module core/claim-shape — what readers and API clients see of claims, attributions and sources (snake_case JSON). */
import {
  chronological,
  isCounted,
  statedTime,
  type Attribution,
  type Claim,
  type ClaimRevision,
  type ClaimStatus,
  type Source,
} from './claim.js'
import { suggestStatus } from './claim-suggestion.js'
import { stanceGroups, type StanceGroup } from './claim-stances.js'

/** A claim with everything needed to show it: its stories, statements, their sources and history. */
export interface ClaimView {
  claim: Claim
  /** Slugs of the stories the claim appears in, the one it was created in first. */
  stories: string[]
  attributions: Attribution[]
  /** Every source cited by the attributions, by id. */
  sources: ReadonlyMap<string, Source>
  revisions: ClaimRevision[]
}

export interface PublicSource {
  id: string
  name: string
  kind: Source['kind']
  affiliation: string | null
  description: string
  aliases: string[]
  version: number
  merged_into: string | null
  created_at: string
  updated_at: string
}

export const publicSource = (source: Source): PublicSource => ({
  id: source.id,
  name: source.name,
  kind: source.kind,
  affiliation: source.affiliation,
  description: source.description,
  aliases: source.aliases,
  version: source.version,
  merged_into: source.mergedInto,
  created_at: source.createdAt,
  updated_at: source.updatedAt,
})

export interface PublicAttribution {
  id: string
  claim_id: string
  source: Pick<PublicSource, 'id' | 'name' | 'kind' | 'affiliation' | 'description'>
  stance: Attribution['stance']
  quote: string
  /** When the source said it; null when unknown (then the span, else `recorded_at`, orders it). */
  stated_at: string | null
  /** When only a span is known ("earlier this week"): its first and last moments. */
  stated_from: string | null
  stated_to: string | null
  recorded_at: string
  update_id: string | null
  evidence_url: string | null
  recorded_by: string
  /** Send as If-Match to correct or withdraw it. */
  version: number
  /** The latest correction: when and why; null while never corrected. */
  corrected_at: string | null
  correction_reason: string | null
  /** Set when it was withdrawn as recorded by mistake: kept, but counted for nothing. */
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
}

export function publicAttribution(a: Attribution, source: Source | undefined): PublicAttribution {
  return {
    id: a.id,
    claim_id: a.claimId,
    source: {
      id: a.sourceId,
      name: source?.name ?? '',
      kind: source?.kind ?? 'other',
      affiliation: source?.affiliation ?? null,
      description: source?.description ?? '',
    },
    stance: a.stance,
    quote: a.quote,
    stated_at: a.statedAt,
    stated_from: a.statedFrom,
    stated_to: a.statedTo,
    recorded_at: a.recordedAt,
    update_id: a.updateId,
    evidence_url: a.evidenceUrl,
    recorded_by: a.recordedBy,
    version: a.version,
    corrected_at: a.correctedAt,
    correction_reason: a.correctionReason,
    withdrawn_at: a.withdrawnAt,
    withdrawn_by: a.withdrawnBy,
    withdrawn_reason: a.withdrawnReason,
  }
}

export interface PublicClaimRevision {
  version: number
  change: ClaimRevision['change']
  status: ClaimStatus
  suggested_status: ClaimStatus
  proposition: string
  note: string
  detail: Record<string, string> | null
  actor: string
  at: string
}

export const publicRevision = (r: ClaimRevision): PublicClaimRevision => ({
  version: r.version,
  change: r.change,
  status: r.status,
  suggested_status: r.suggestedStatus,
  proposition: r.proposition,
  note: r.note,
  detail: r.detail,
  actor: r.actor,
  at: r.createdAt,
})

/** A claim without its lists: what live events carry. */
export interface PublicClaimSummary {
  id: string
  stories: string[]
  proposition: string
  subjects: string[]
  /** The newsroom's verdict: what readers are told. */
  status: ClaimStatus
  /** Why the newsroom gave that verdict. */
  note: string
  /** What the attributions suggest, by the rules in `derivation`. */
  suggested_status: ClaimStatus
  /** The suggestion's reasoning in words, last line the conclusion. */
  derivation: string[]
  verdict_at: string | null
  verdict_by: string | null
  version: number
  merged_into: string | null
  /** When the earliest statement about it was made (or recorded); withdrawn ones aside. */
  first_stated_at: string | null
  /** Who stands where (core/claim-stances): the groups every surface shows. */
  stances: StanceGroup[]
  /** Statements that count: withdrawn ones aside. */
  attribution_count: number
  created_at: string
  updated_at: string
}

export interface PublicClaim extends PublicClaimSummary {
  /** Oldest statement first, withdrawn ones too (with their reason). */
  attributions: PublicAttribution[]
  /** Every version, oldest first: who changed what, when and why. */
  history: PublicClaimRevision[]
}

/** The stance groups of a claim's statements, with its sources' names. */
export function stancesOf(
  attributions: readonly Attribution[],
  sources: ReadonlyMap<string, Pick<Source, 'name'>>,
): StanceGroup[] {
  return stanceGroups(
    attributions.map((a) => ({
      stance: a.stance,
      source: { id: a.sourceId, name: sources.get(a.sourceId)?.name ?? '' },
      stated_at: a.statedAt,
      stated_from: a.statedFrom,
      recorded_at: a.recordedAt,
      withdrawn_at: a.withdrawnAt,
    })),
  )
}

export function publicClaimSummary(view: Omit<ClaimView, 'revisions'>): PublicClaimSummary {
  const { claim } = view
  const ordered = chronological(view.attributions.filter(isCounted))
  const suggestion = suggestStatus(ordered, view.sources)
  const first = ordered[0]
  return {
    id: claim.id,
    stories: view.stories,
    proposition: claim.proposition,
    subjects: claim.subjects,
    status: claim.status,
    note: claim.note,
    suggested_status: suggestion.status,
    derivation: suggestion.reasons,
    verdict_at: claim.verdictAt,
    verdict_by: claim.verdictBy,
    version: claim.version,
    merged_into: claim.mergedInto,
    first_stated_at: first ? statedTime(first) : null,
    stances: stancesOf(ordered, view.sources),
    attribution_count: ordered.length,
    created_at: claim.createdAt,
    updated_at: claim.updatedAt,
  }
}

export function publicClaim(view: ClaimView): PublicClaim {
  return {
    ...publicClaimSummary(view),
    attributions: chronological(view.attributions).map((a) =>
      publicAttribution(a, view.sources.get(a.sourceId)),
    ),
    history: view.revisions.map(publicRevision),
  }
}
