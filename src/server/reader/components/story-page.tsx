/** @module server/reader/components/story-page — the live story page and its lean embed version. */
import type { ClaimCard, UpdateMark } from '../../../core/claim-card.js'
import { ClaimsPanel } from '../../claims/claims-panel.js'
import { paths, type StoryView, type UpdateView } from '../view.js'
import { KeyEventItem, StoryHead, type KeyEventItemProps } from './story-parts.js'
import { JsonDataScript } from './raw-html.js'
import type { TimeContext } from './time-stamp.js'
import { UpdateCard } from './update-card.js'

export interface StoryPageProps {
  story: StoryView
  ctx: TimeContext
  /** Pinned updates, shown first (head page only). */
  pinned: UpdateView[]
  /** Unpinned updates of this page, newest first. */
  timeline: UpdateView[]
  /** Key events across the story, newest first (head page only). */
  keyEvents: Array<KeyEventItemProps['update'] & { onPage: boolean }>
  /** Link to the next older page, when there is one. */
  olderHref: string | undefined
  /** True on the first page: the live script inserts new updates only there. */
  isHead: boolean
  /** Copy-paste HTML for other sites (story page only). */
  embedSnippet?: string
  /** The lean version for iframes. */
  embed?: boolean
  /** Absolute URL of the full story (embed only). */
  storyUrl?: string
  /** The story's claims and the statements its updates reported (not in embeds). */
  claims?: StoryClaims
}

/** What the story page shows of the claims ledger; also handed to the live script as data. */
export interface StoryClaims {
  cards: ClaimCard[]
  /** Marks per update id. */
  marks: Record<string, UpdateMark[]>
}

export function StoryPage(props: StoryPageProps) {
  const { story, ctx, pinned, timeline, keyEvents, olderHref, isHead, embed, claims } = props
  const marksOf = (id: string) => claims?.marks[id]
  return (
    <main
      id="main"
      class="story"
      data-live-story=""
      data-slug={story.slug}
      data-last-event-id={story.lastEventId}
      data-head={isHead ? 'true' : 'false'}
      data-embed={embed ? 'true' : undefined}
    >
      <StoryHead story={story} ctx={ctx} />
      {isHead && !embed && (
        <p class="story-links">
          <a href={paths.map(story.slug)}>Map of the places in this story</a>
        </p>
      )}
      {claims && isHead && <ClaimsPanel slug={story.slug} cards={claims.cards} />}
      {claims && <JsonDataScript id="claims-data" data={claims} />}
      <p class="live-status" id="live-status" hidden />
      <div id="announcer" class="vh" role="status" aria-live="polite" aria-atomic="true" />
      {isHead && !embed && (
        <nav class="key-events" aria-labelledby="key-events-h" hidden={keyEvents.length === 0}>
          <h2 id="key-events-h">Key events</h2>
          <ol id="key-events">
            {keyEvents.map((k) => (
              <KeyEventItem key={k.id} update={k} ctx={ctx} onPage={k.onPage} />
            ))}
          </ol>
        </nav>
      )}
      {isHead && (
        <section
          class="pinned"
          aria-label="Pinned"
          id="pinned-section"
          hidden={pinned.length === 0}
        >
          <div id="pinned">
            {pinned.map((u) => (
              <UpdateCard key={u.id} update={u} ctx={ctx} marks={marksOf(u.id)} />
            ))}
          </div>
        </section>
      )}
      <section class="latest" aria-labelledby="latest-h">
        <h2 id="latest-h" class={embed ? 'vh' : undefined}>
          {isHead ? 'Latest updates' : 'Older updates'}
        </h2>
        {!isHead && (
          <p class="back">
            <a href={paths.story(story.slug)}>Back to the latest updates</a>
          </p>
        )}
        <button type="button" id="new-updates" class="new-updates" hidden />
        <div id="timeline" class="timeline">
          {timeline.map((u) => (
            <UpdateCard key={u.id} update={u} ctx={ctx} marks={marksOf(u.id)} />
          ))}
        </div>
        {timeline.length === 0 && pinned.length === 0 && (
          <p class="empty" id="empty">
            No updates yet. This page follows the story as it develops.
          </p>
        )}
        {olderHref && (
          <nav class="pager" aria-label="Pages">
            <a class="load-older" rel="next" href={olderHref}>
              Load older updates
            </a>
          </nav>
        )}
      </section>
      {embed && props.storyUrl && (
        <p class="follow">
          <a href={props.storyUrl}>Follow the full story</a>
        </p>
      )}
      {!embed && (
        <aside class="follow" aria-label="Follow this story">
          <p>
            Follow by feed: <a href={paths.atom(story.slug)}>Atom</a> ·{' '}
            <a href={paths.json(story.slug)}>JSON Feed</a>
          </p>
          {props.embedSnippet && (
            <details class="share">
              <summary>Embed this story on your site</summary>
              <label for="embed-code">Copy this HTML into your page:</label>
              <textarea id="embed-code" readOnly rows={4} spellcheck={false}>
                {props.embedSnippet}
              </textarea>
            </details>
          )}
        </aside>
      )}
    </main>
  )
}
