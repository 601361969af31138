/** @module core/claim-card — the short card readers see for a claim (status, who asserts, who denies, since when), kept current from live events. */
import type { ClaimStatus } from './claim.js'
import type { PublicClaimSummary } from './claim-shape.js'
import { stanceGroups, type StanceGroup, type StanceStatement } from './claim-stances.js'

/** What the reader's panel and claim cards show of one claim. */
export interface ClaimCard {
  id: string
  proposition: string
  /** The newsroom's verdict. */
  status: ClaimStatus
  /** Why the newsroom gave its verdict ('' before any). */
  note: string
  /** Since when the claim stands as it does: the verdict's time, else when it was first stated or added. */
  since: string
  /** Who stands where (core/claim-stances), as every other surface shows it. */
  groups: StanceGroup[]
  /** Bumps with every change; an older event never overwrites a newer card. */
  version: number
}

/** A statement marked in the update that reported it. */
export interface UpdateMark {
  claimId: string
  /** The quote as recorded; marked only where it occurs exactly in the update's text. */
  quote: string
  proposition: string
  status: ClaimStatus
}

const sinceOf = (claim: PublicClaimSummary): string =>
  claim.verdict_at ?? claim.first_stated_at ?? claim.created_at

/** A card from a claim and its statements (any order; stanceGroups leaves withdrawn ones out). */
export function claimCard(
  claim: PublicClaimSummary,
  statements: readonly StanceStatement[],
): ClaimCard {
  return { ...withSummary(undefined, claim), groups: stanceGroups(statements) }
}

/** The card after a `claim.*` event: the summary's fields replace the card's; its groups stay. */
export function withSummary(card: ClaimCard | undefined, claim: PublicClaimSummary): ClaimCard {
  return {
    id: claim.id,
    proposition: claim.proposition,
    status: claim.status,
    note: claim.note,
    since: sinceOf(claim),
    version: claim.version,
    groups: card?.groups ?? [],
  }
}

/** Reading order of the panel's groups: what is settled first. */
export const CARD_STATUS_ORDER: readonly ClaimStatus[] = [
  'confirmed',
  'contested',
  'unverified',
  'denied',
  'false',
  'retracted',
]
