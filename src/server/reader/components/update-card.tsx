/** @module server/reader/components/update-card — one Update as readers see it; rendered on the server and by the live script. */
import type { UpdateMark } from '../../../core/claim-card.js'
import { markQuotes } from '../claim-marks.js'
import { paths, type FigureView, type LinkView, type SourceView, type UpdateView } from '../view.js'
import { SanitisedMarkdown } from './raw-html.js'
import { TimeStamp, type TimeContext } from './time-stamp.js'

export interface UpdateCardProps {
  update: UpdateView
  ctx: TimeContext
  /** Heading level of the headline: 3 inside a story page, 1 on the update's own page. */
  level?: 1 | 3
  /** Hide the "edited" link (on the history page, where it would point at itself). */
  noHistoryLink?: boolean
  /** Statements this update reported: their quotes are marked, or listed under it. */
  marks?: UpdateMark[]
}

export function UpdateCard({ update, ctx, level = 3, noHistoryLink, marks }: UpdateCardProps) {
  const Heading = level === 1 ? 'h1' : 'h3'
  const anchor = paths.anchor(update.id)
  const claimHref = (id: string) => paths.claim(update.slug, id)
  const marked = marks?.length ? markQuotes(update.bodyHtml, marks, claimHref) : undefined
  // Claims none of whose quotes could be marked in the text are listed under it, once each.
  const listed = [...new Map(marked?.unplaced.map((m) => [m.claimId, m])).values()].filter(
    (m) => !marks?.some((o) => o.claimId === m.claimId && !marked?.unplaced.includes(o)),
  )
  return (
    <article
      class={`update${update.pinned ? ' is-pinned' : ''}${update.keyEvent ? ' is-key' : ''}`}
      id={anchor}
      data-id={update.id}
      data-version={update.version}
      data-published={update.publishedAt}
      aria-labelledby={`${anchor}-h`}
      tabIndex={-1}
    >
      <header class="update-head">
        <a class="permalink" href={paths.update(update.slug, update.id)}>
          <TimeStamp iso={update.publishedAt} ctx={ctx} />
        </a>
        {update.pinned && <span class="tag tag-pinned">Pinned</span>}
        {update.keyEvent && <span class="tag tag-key">Key event</span>}
        <Heading id={`${anchor}-h`} class="headline">
          {update.headline}
        </Heading>
      </header>
      <SanitisedMarkdown class="body" html={marked?.html ?? update.bodyHtml} />
      {listed.length > 0 && (
        <div class="update-claims">
          <span class="label">Claims reported here</span>
          <ul>
            {listed.map((m) => (
              <li key={m.claimId}>
                <a
                  class={`claim-mark claim-${m.status}`}
                  href={claimHref(m.claimId)}
                  data-claim={m.claimId}
                >
                  {m.proposition}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {update.figures.map((figure) => (
        <Figure key={figure.src} figure={figure} />
      ))}
      {update.sources.length > 0 && <Sources sources={update.sources} />}
      {update.related.length > 0 && <Related links={update.related} />}
      {update.editedAt && !noHistoryLink && (
        <p class="edited">
          <a href={paths.history(update.slug, update.id)}>
            <TimeStamp iso={update.editedAt} ctx={ctx} label="Edited" />
            <span class="vh"> — see what changed</span>
          </a>
        </p>
      )}
    </article>
  )
}

function Figure({ figure }: { figure: FigureView }) {
  return (
    <figure>
      <img src={figure.src} alt={figure.alt} loading="lazy" decoding="async" />
      {(figure.caption || figure.credit) && (
        <figcaption>
          {figure.caption}
          {figure.credit && <span class="credit">Image: {figure.credit}</span>}
        </figcaption>
      )}
    </figure>
  )
}

function MaybeLink({ link, rel }: { link: LinkView; rel: string }) {
  return link.href ? (
    <a href={link.href} rel={rel}>
      {link.text}
    </a>
  ) : (
    <span>{link.text}</span>
  )
}

function Sources({ sources }: { sources: SourceView[] }) {
  return (
    <div class="sources">
      <span class="label">Sources</span>
      <ul>
        {sources.map((source, i) => (
          <li key={i}>
            <MaybeLink link={source} rel="nofollow noopener noreferrer" />
            {source.kind !== 'other' && (
              <span class="kind"> ({source.kind.replace('_', ' ')})</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Related({ links }: { links: LinkView[] }) {
  return (
    <aside class="related" aria-label="Related">
      <ul>
        {links.map((link, i) => (
          <li key={i}>
            <span class="label">Read more</span> <MaybeLink link={link} rel="noopener" />
          </li>
        ))}
      </ul>
    </aside>
  )
}
