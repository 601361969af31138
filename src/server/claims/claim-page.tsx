/** @module server/claims/claim-page — the reader's page for one claim and a story's ledger, readable without JavaScript. */
import {
  CLAIM_STATUSES,
  STANCE_LABELS,
  STATUS_LABELS,
  chronological,
  isCounted,
  type Attribution,
  type ClaimRevision,
  type Source,
} from '../../core/claim.js'
import { stancesOf, type ClaimView } from '../../core/claim-shape.js'
import { stanceSentence } from '../../core/claim-stances.js'
import { SUGGESTION_RULES, suggestStatus } from '../../core/claim-suggestion.js'
import { layoutTimeline } from '../../core/claim-timeline.js'
import type { Story } from '../../core/story.js'
import { TimeStamp, type TimeContext } from '../reader/components/time-stamp.js'
import { paths } from '../reader/view.js'
import { ClaimTimeline, STANCE_CLASS } from './claim-timeline.js'

const storyPath = paths.story
export const claimPath = paths.claim
export const ledgerPath = paths.ledger

const dayLabel = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })

/** A span's days in the newsroom's zone: "3 Mar" or "3–4 Mar 2026" style, kept short. */
const spanDay = (iso: string, timeZone: string | undefined): string =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  })

/** When a statement was said: a moment, a span of days, or (unknown) when it was recorded. */
function StatedWhen({ a, ctx }: { a: Attribution; ctx: TimeContext }) {
  if (a.statedAt) return <TimeStamp iso={a.statedAt} ctx={ctx} />
  if (a.statedFrom && a.statedTo) {
    const from = spanDay(a.statedFrom, ctx.timeZone)
    const to = spanDay(a.statedTo, ctx.timeZone)
    return (
      <span class="stated-span">
        Said <time dateTime={a.statedFrom}>{from === to ? `on ${from}` : `between ${from}`}</time>
        {from !== to && (
          <>
            {' and '}
            <time dateTime={a.statedTo}>{to}</time>
          </>
        )}
      </span>
    )
  }
  return (
    <>
      <TimeStamp iso={a.recordedAt} ctx={ctx} /> (when recorded)
    </>
  )
}

function historyLine(
  r: ClaimRevision,
  statementBy: (id: string | undefined) => string,
): string | undefined {
  switch (r.change) {
    case 'attribution_corrected':
      return `A statement by ${statementBy(r.detail?.attribution)} was corrected: ${r.detail?.reason ?? ''}`
    case 'attribution_withdrawn':
      return `A statement by ${statementBy(r.detail?.attribution)} was withdrawn as recorded by mistake: ${r.detail?.reason ?? ''}`
    case 'created':
      return 'Added to the ledger as unverified'
    case 'status':
      return r.detail?.from && r.detail.from !== r.status
        ? `Verdict changed from ${STATUS_LABELS[r.detail.from as ClaimRevision['status']] ?? r.detail.from} to ${STATUS_LABELS[r.status]}`
        : `Verdict restated: ${STATUS_LABELS[r.status]}`
    case 'proposition':
      return `Wording corrected to “${r.proposition}”`
    case 'merged':
      return 'A duplicate claim was merged into this one, with its statements'
    case 'merged_into':
      return 'Merged into another claim that says the same'
    case 'linked':
      return r.detail?.story ? `Also followed in the story “${r.detail.story}”` : undefined
    default:
      // Statements have their own list; source edits are bookkeeping.
      return undefined
  }
}

export function ClaimPage(props: { story: Story; view: ClaimView; ctx: TimeContext }) {
  const { story, view, ctx } = props
  const { claim } = view
  const statements = chronological(view.attributions)
  // Withdrawn statements stay listed, struck through; they count for nothing and are not drawn.
  const counted = statements.filter(isCounted)
  const suggestion = suggestStatus(counted, view.sources)
  const stances = stancesOf(counted, view.sources)
  const layout = layoutTimeline(counted, view.sources, view.revisions)
  const statementBy = (id: string | undefined): string => {
    const a = view.attributions.find((x) => x.id === id)
    return (a && view.sources.get(a.sourceId)?.name) ?? 'a source'
  }
  const history = view.revisions
    .map((r) => ({ r, line: historyLine(r, statementBy) }))
    .filter((h): h is { r: ClaimRevision; line: string } => h.line !== undefined)
  return (
    <main
      id="main"
      class="claim-page"
      data-slug={story.slug}
      data-claim-id={claim.id}
      data-version={claim.version}
    >
      <p id="claim-live-status" class="vh" role="status" aria-live="polite" />
      <p class="crumb">
        <a href={storyPath(story.slug)}>{story.title}</a> ›{' '}
        <a href={ledgerPath(story.slug)}>What is claimed</a>
      </p>
      <article>
        <p class="kicker">Claim</p>
        <h1>{claim.proposition}</h1>
        <p class="verdict">
          <span class={`badge claim-status claim-${claim.status}`}>
            {STATUS_LABELS[claim.status]}
          </span>{' '}
          {claim.verdictAt ? (
            <span class="verdict-by">
              <TimeStamp iso={claim.verdictAt} ctx={ctx} label="Our verdict," />
              {claim.verdictBy ? ` · ${claim.verdictBy}` : ''}
            </span>
          ) : (
            <span class="verdict-by">We have not given a verdict yet.</span>
          )}
        </p>
        {claim.note && (
          <p class="verdict-note">
            <strong>Why: </strong>
            {claim.note}
          </p>
        )}

        {stances.length > 0 && (
          <section class="stances">
            <h2>Where sources stand</h2>
            <p class="claim-sides">
              {stances.map((g) => (
                <span key={g.stance} class={`stance-group stance-${g.stance}`}>
                  {stanceSentence(g)}{' '}
                </span>
              ))}
            </p>
            <p class="verdict-by">
              Each source once, by its latest statement; earlier ones are in the timeline below.
            </p>
          </section>
        )}

        <section class="suggestion">
          <h2>What the statements suggest</h2>
          <p>
            Suggested status:{' '}
            <span class={`badge claim-status claim-${suggestion.status}`}>
              {STATUS_LABELS[suggestion.status]}
            </span>
            {suggestion.status !== claim.status && (
              <span class="verdict-by">
                {' '}
                — our verdict differs: we weigh evidence beyond what sources say.
              </span>
            )}
          </p>
          <ul>
            {suggestion.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
          <details>
            <summary>How the suggestion is worked out</summary>
            <ol>
              {SUGGESTION_RULES.map((rule, i) => (
                <li key={i}>{rule}</li>
              ))}
            </ol>
          </details>
        </section>

        {counted.length > 0 && (
          <section>
            <h2>Timeline</h2>
            <figure class="claim-timeline">
              <ClaimTimeline layout={layout} dayLabel={dayLabel} />
              <figcaption>
                ▲ speaks for it (asserts, assesses as likely) · ▼ against it (denies, assesses as
                unlikely) · ○ declines to confirm or urges caution · ✕ retracts · ◆ our verdict.
                Days in UTC. Each statement is listed below.
              </figcaption>
            </figure>
          </section>
        )}

        <section>
          <h2>Who said what</h2>
          {statements.length === 0 ? (
            <p class="verdict-by">No statement has been recorded yet.</p>
          ) : (
            <ol class="statements">
              {statements.map((a) => (
                <Statement key={a.id} a={a} source={view.sources.get(a.sourceId)} {...props} />
              ))}
            </ol>
          )}
        </section>

        <section>
          <h2>History</h2>
          <ol class="claim-history">
            {history.map(({ r, line }) => (
              <li key={r.version}>
                <TimeStamp iso={r.createdAt} ctx={ctx} /> · {line}
                {r.change === 'status' && r.note ? ` — “${r.note}”` : ''}{' '}
                <span class="source-kind">({r.actor})</span>
              </li>
            ))}
          </ol>
        </section>

        {claim.subjects.length > 0 && <p class="verdict-by">About: {claim.subjects.join(', ')}</p>}
        <p class="verdict-by">
          <a href={`/api/v1/claims/${encodeURIComponent(claim.id)}`}>This claim as JSON</a>
        </p>
      </article>
    </main>
  )
}

/**
 * One statement in "Who said what". A corrected one says so with the reason; a withdrawn one is
 * struck through (`<s>`: no longer accurate) with the reason, never hidden.
 */
function Statement(props: {
  a: Attribution
  source: Source | undefined
  story: Story
  ctx: TimeContext
}) {
  const { a, source, story, ctx } = props
  const said = (
    <>
      <span class={`stance stance-${STANCE_CLASS[a.stance]}`}>{STANCE_LABELS[a.stance]}</span>
      {a.quote && <blockquote>{a.quote}</blockquote>}
    </>
  )
  return (
    <li id={`statement-${a.id}`} class={a.withdrawnAt ? 'statement-withdrawn' : undefined}>
      <StatedWhen a={a} ctx={ctx} /> · <strong>{source?.name}</strong>
      {/* "other" tells a reader nothing: only a real kind, or the side, is shown. */}
      {source && (source.kind !== 'other' || source.affiliation) && (
        <span class="source-kind">
          {' '}
          (
          {[source.kind !== 'other' && source.kind.replace('_', ' '), source.affiliation]
            .filter(Boolean)
            .join(', ')}
          )
        </span>
      )}{' '}
      {a.withdrawnAt ? <s>{said}</s> : said}
      {a.withdrawnAt && (
        <p class="statement-note">
          <strong>Withdrawn</strong> <TimeStamp iso={a.withdrawnAt} ctx={ctx} />: recorded by
          mistake — {a.withdrawnReason}
        </p>
      )}
      {a.correctedAt && (
        <p class="statement-note">
          <strong>Corrected</strong> <TimeStamp iso={a.correctedAt} ctx={ctx} />:{' '}
          {a.correctionReason}
        </p>
      )}
      {source?.description && <p class="source-about">{source.description}</p>}
      {(a.updateId || a.evidenceUrl) && (
        <p class="statement-links">
          {a.updateId && (
            <a href={paths.update(story.slug, a.updateId)}>Reported in our coverage</a>
          )}
          {a.updateId && a.evidenceUrl && ' · '}
          {a.evidenceUrl && (
            <a href={a.evidenceUrl} rel="nofollow noopener ugc">
              Evidence
            </a>
          )}
        </p>
      )}
    </li>
  )
}

/** "3 statements": the ones that count, withdrawn ones aside. */
function statementCount(v: ClaimView): string {
  const n = v.attributions.filter(isCounted).length
  return `${n} statement${n === 1 ? '' : 's'}`
}

/** A story's ledger for readers: claims grouped by verdict, confirmed first. */
export function LedgerPage(props: { story: Story; views: ClaimView[]; ctx: TimeContext }) {
  const { story, views, ctx } = props
  const order = ['confirmed', 'contested', 'unverified', 'denied', 'false', 'retracted'] as const
  return (
    <main id="main" class="claim-page">
      <p class="crumb">
        <a href={storyPath(story.slug)}>{story.title}</a>
      </p>
      <h1>What is claimed, and what is confirmed</h1>
      {views.length === 0 && <p>No claims are tracked in this story yet.</p>}
      {order
        .filter((s) => CLAIM_STATUSES.includes(s))
        .map((status) => {
          const group = views.filter((v) => v.claim.status === status)
          if (group.length === 0) return null
          return (
            <section key={status}>
              <h2>
                <span class={`badge claim-status claim-${status}`}>{STATUS_LABELS[status]}</span>
              </h2>
              <ul class="claim-list">
                {group.map((v) => (
                  <li key={v.claim.id}>
                    <a href={claimPath(story.slug, v.claim.id)}>{v.claim.proposition}</a>{' '}
                    <span class="verdict-by">
                      {statementCount(v)}
                      {v.claim.verdictAt && ' · '}
                      {v.claim.verdictAt && (
                        <TimeStamp iso={v.claim.verdictAt} ctx={ctx} label="verdict" />
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )
        })}
      <p class="verdict-by">
        <a href={`/api/v1/stories/${encodeURIComponent(story.slug)}/ledger.csv`}>Download as CSV</a>{' '}
        · <a href={`/api/v1/stories/${encodeURIComponent(story.slug)}/ledger.json`}>JSON</a>
      </p>
    </main>
  )
}
