/** @module server/reader/components/story-parts — the story head and key-event links; the live script re-renders them too. */
import { paths, type StoryView, type UpdateView } from '../view.js'
import { SanitisedMarkdown } from './raw-html.js'
import { TimeStamp, type TimeContext } from './time-stamp.js'

/** Title, badges, the lead and when it last changed. */
export function StoryHead({ story, ctx }: { story: StoryView; ctx: TimeContext }) {
  return (
    <header class="story-head" id="story-head" data-version={story.version}>
      <h1 id="story-title">{story.title}</h1>
      <p class="story-meta">
        {story.status === 'live' && story.developing && (
          <span class="badge badge-developing">Developing</span>
        )}
        {story.status === 'live' && !story.developing && <span class="badge badge-live">Live</span>}
        {story.status === 'paused' && <span class="badge badge-paused">Paused</span>}
        {story.status === 'ended' && <span class="badge badge-ended">Coverage ended</span>}{' '}
        <TimeStamp iso={story.updatedAt} ctx={ctx} label="Updated" />
      </p>
      <SanitisedMarkdown class="lead" html={story.leadHtml} />
    </header>
  )
}

export interface KeyEventItemProps {
  update: Pick<UpdateView, 'id' | 'slug' | 'headline' | 'publishedAt'>
  ctx: TimeContext
  /** On this page the link jumps to the anchor; otherwise it opens the update's own page. */
  onPage: boolean
}

export function KeyEventItem({ update, ctx, onPage }: KeyEventItemProps) {
  return (
    <li id={paths.keyAnchor(update.id)} data-id={update.id}>
      <a href={onPage ? `#${paths.anchor(update.id)}` : paths.update(update.slug, update.id)}>
        <TimeStamp iso={update.publishedAt} ctx={ctx} />
        <span class="key-headline">{update.headline}</span>
      </a>
    </li>
  )
}
