/** @module core/claim-card — the short card readers see for a claim (status, who asserts, who denies, since when), kept current from live events. */
import type { ClaimStatus, Stance } from './claim.js'
import type { PublicAttribution, PublicClaimSummary } from './claim-shape.js'

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
  /** Sources whose latest word speaks for the claim, in order of first statement. */
  asserts: string[]
  /** Sources whose latest word speaks against it. */
  denies: string[]
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

const FOR: readonly Stance[] = ['asserts', 'assesses_likely']
const AGAINST: readonly Stance[] = ['denies', 'assesses_unlikely']

const sinceOf = (claim: PublicClaimSummary): string =>
  claim.verdict_at ?? claim.first_stated_at ?? claim.created_at

/**
 * Applies one statement to a card: the source moves to the side its newest word puts it on
 * (retracting, declining to confirm or urging caution takes it off both lists).
 */
export function withStatement(
  card: ClaimCard,
  statement: Pick<PublicAttribution, 'stance' | 'source'>,
): ClaimCard {
  const name = statement.source.name
  const asserts = card.asserts.filter((n) => n !== name)
  const denies = card.denies.filter((n) => n !== name)
  if (FOR.includes(statement.stance)) asserts.push(name)
  if (AGAINST.includes(statement.stance)) denies.push(name)
  return { ...card, asserts, denies }
}

/** A card from a claim and its statements, oldest statement first. */
export function claimCard(
  claim: PublicClaimSummary,
  statements: Array<
    Pick<PublicAttribution, 'stance' | 'source'> & { withdrawn_at?: string | null }
  >,
): ClaimCard {
  const empty: ClaimCard = { ...withSummary(undefined, claim), asserts: [], denies: [] }
  // A withdrawn statement was recorded by mistake: it puts its source nowhere.
  return statements.filter((s) => !s.withdrawn_at).reduce(withStatement, empty)
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
    asserts: card?.asserts ?? [],
    denies: card?.denies ?? [],
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
