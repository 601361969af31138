/**
 * @module web/reader/live-claims — the live script's claims part: the panel, marks and claim
 * cards kept current. Loaded only where a story has claims, or when its first one arrives, so
 * stories without claims never fetch it.
 */
import { claimCard, withSummary, type ClaimCard } from '../../src/core/claim-card.js'
import type { PublicAttribution, PublicClaimSummary } from '../../src/core/claim-shape.js'
import { ClaimCardBox, ClaimsPanel } from '../../src/server/claims/claims-panel.js'
import { byId, ctx, toElement } from './dom.js'

/** A `claim.*` or `attribution.*` message of the stream. */
export interface ClaimMessage {
  type:
    | 'claim.created'
    | 'claim.updated'
    | 'attribution.added'
    | 'attribution.corrected'
    | 'attribution.withdrawn'
  seq: number
  claim: PublicClaimSummary
  attribution?: PublicAttribution
  /** On attribution.*: the statements that count, oldest first; the card is rebuilt from them. */
  statements?: PublicAttribution[]
}

/** Starts the claims part on a story page; returns what applies one claim message. */
export function startClaims(
  root: HTMLElement,
  slug: string,
  initial: ClaimCard[],
  announce: (text: string) => void,
): (message: ClaimMessage) => void {
  const cards = new Map(initial.map((c) => [c.id, c]))
  /** The open claim card (a sheet at the foot of the window) and the mark that opened it. */
  let open: { mark: HTMLElement; box: HTMLElement } | undefined

  const renderCard = (card: ClaimCard): HTMLElement =>
    toElement(ClaimCardBox({ slug, card, ctx: ctx() }))

  const closeCard = (refocus: boolean): void => {
    open?.box.remove()
    if (refocus) open?.mark.focus()
    open = undefined
  }

  // Without JavaScript a mark is a link to the claim page; here it opens the claim card.
  document.addEventListener('click', (event) => {
    const target = event.target as Element
    if (open?.box.contains(target)) return
    const mark = target.closest<HTMLElement>('a.claim-mark')
    const card = mark && cards.get(mark.dataset.claim ?? '')
    const same = open?.mark === mark
    closeCard(false)
    if (!mark || !card || same || event.metaKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    const box = document.createElement('div')
    box.className = 'claim-popover'
    box.tabIndex = -1
    box.append(renderCard(card))
    document.body.append(box)
    open = { mark, box }
    box.focus()
  })
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeCard(true)
  })

  return ({ claim, statements }) => {
    const known = cards.get(claim.id)
    if (known && known.version >= claim.version) return
    // A new statement's mark appears in its update on the next load; its claim card is live now.
    if (claim.merged_into) cards.delete(claim.id)
    else cards.set(claim.id, statements ? claimCard(claim, statements) : withSummary(known, claim))
    byId('claims-panel')?.replaceWith(toElement(ClaimsPanel({ slug, cards: [...cards.values()] })))
    for (const mark of root.querySelectorAll<HTMLElement>('a.claim-mark')) {
      if (mark.dataset.claim === claim.id) mark.className = `claim-mark claim-${claim.status}`
    }
    const card = cards.get(claim.id)
    if (open?.mark.dataset.claim === claim.id) {
      if (card) open.box.replaceChildren(renderCard(card))
      else closeCard(false)
    }
    if (card && known?.status !== card.status) announce(`${card.status}: ${card.proposition}`)
  }
}
