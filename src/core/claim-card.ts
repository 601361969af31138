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
  /** The counted statements the groups come from, so a live statement can be placed among them. */
  statements: CardStatement[]
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

/** What a card keeps of a statement: enough to order it and place its source. */
export type CardStatement = StanceStatement & { id?: string }

const sinceOf = (claim: PublicClaimSummary): string =>
  claim.verdict_at ?? claim.first_stated_at ?? claim.created_at

const brief = (s: CardStatement): CardStatement => ({
  id: s.id,
  stance: s.stance,
  source: { id: s.source.id, name: s.source.name },
  stated_at: s.stated_at ?? null,
  stated_from: s.stated_from ?? null,
  recorded_at: s.recorded_at,
})

/** Applies one new statement to a card: its source is placed by its latest word, by time said. */
export function withStatement(card: ClaimCard, statement: CardStatement): ClaimCard {
  const others = card.statements.filter((s) => !statement.id || s.id !== statement.id)
  // A withdrawn statement was recorded by mistake: it puts its source nowhere.
  const statements = statement.withdrawn_at ? others : [...others, brief(statement)]
  return { ...card, statements, groups: stanceGroups(statements) }
}

/** A card from a claim and its statements (any order; withdrawn ones are left out). */
export function claimCard(claim: PublicClaimSummary, statements: CardStatement[]): ClaimCard {
  const counted = statements.filter((s) => !s.withdrawn_at).map(brief)
  return { ...withSummary(undefined, claim), statements: counted, groups: stanceGroups(counted) }
}

/** The card after a `claim.*` event: the summary's fields replace the card's; its lists stay. */
export function withSummary(card: ClaimCard | undefined, claim: PublicClaimSummary): ClaimCard {
  return {
    id: claim.id,
    proposition: claim.proposition,
    status: claim.status,
    note: claim.note,
    since: sinceOf(claim),
    version: claim.version,
    groups: card?.groups ?? [],
    statements: card?.statements ?? [],
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
