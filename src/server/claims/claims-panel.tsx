/** @module server/claims/claims-panel — "What is claimed / what is confirmed" under a story's lead, and the claim card; rendered on the server and by the live script. */
import { CARD_STATUS_ORDER, type ClaimCard } from '../../core/claim-card.js'
import { STATUS_LABELS } from '../../core/claim.js'
import { stancesText } from '../../core/claim-stances.js'
import { TimeStamp, type TimeContext } from '../reader/components/time-stamp.js'
import { paths } from '../reader/view.js'

export interface ClaimsPanelProps {
  slug: string
  /** Claims of the story, in the order they were added. */
  cards: ClaimCard[]
}

/** Claims grouped by verdict, each linking to its page; an empty state says what will appear. */
export function ClaimsPanel({ slug, cards }: ClaimsPanelProps) {
  return (
    <section class="claims-panel" id="claims-panel" aria-labelledby="claims-panel-h">
      <h2 id="claims-panel-h">What is claimed / what is confirmed</h2>
      {cards.length === 0 ? (
        <p class="claims-empty">No claims are tracked in this story yet.</p>
      ) : (
        CARD_STATUS_ORDER.map((status) => {
          const group = cards.filter((c) => c.status === status)
          if (group.length === 0) return null
          return (
            <div key={status}>
              <h3>
                <span class={`badge claim-status claim-${status}`}>{STATUS_LABELS[status]}</span>
              </h3>
              <ul>
                {group.map((card) => (
                  <li key={card.id}>
                    <a href={paths.claim(slug, card.id)}>{card.proposition}</a>{' '}
                    <Sides card={card} />
                  </li>
                ))}
              </ul>
            </div>
          )
        })
      )}
      <a href={paths.ledger(slug)}>The full ledger</a>
    </section>
  )
}

function Sides({ card }: { card: ClaimCard }) {
  return <span class="claim-sides">{stancesText(card.groups)} </span>
}

export interface ClaimCardBoxProps {
  slug: string
  card: ClaimCard
  ctx: TimeContext
}

/** The card a marked statement opens: status, who asserts, who denies, since when. */
export function ClaimCardBox({ slug, card, ctx }: ClaimCardBoxProps) {
  return (
    <div class="claim-card" role="dialog" aria-label="Claim">
      <p>
        <span class={`badge claim-status claim-${card.status}`}>{STATUS_LABELS[card.status]}</span>{' '}
        <TimeStamp iso={card.since} ctx={ctx} label="since" />
      </p>
      <p>
        <strong>{card.proposition}</strong>
      </p>
      <p>
        <Sides card={card} />
        {card.note && `Why: ${card.note}`}
      </p>
      <a href={paths.claim(slug, card.id)}>Who said what, when</a>
    </div>
  )
}
