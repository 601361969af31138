/** @module server/reader/components/home-page — the front page: live and recent stories with their leads. */
import { paths } from '../view.js'
import { TimeStamp, type TimeContext } from './time-stamp.js'

export interface StorySummary {
  slug: string
  title: string
  leadText: string
  status: 'live' | 'paused' | 'ended'
  developing: boolean
  /** When the latest update was published, or the story last changed. */
  lastUpdateAt: string
  updateCount?: number
}

export function HomePage({ stories, ctx }: { stories: StorySummary[]; ctx: TimeContext }) {
  const live = stories.filter((s) => s.status === 'live')
  const recent = stories.filter((s) => s.status !== 'live')
  return (
    <main id="main" class="home">
      <h1>Live coverage</h1>
      {stories.length === 0 && <p class="empty">No stories yet.</p>}
      {live.length > 0 && <StoryList title="Live now" stories={live} ctx={ctx} />}
      {recent.length > 0 && <StoryList title="Recent stories" stories={recent} ctx={ctx} />}
    </main>
  )
}

function StoryList({
  title,
  stories,
  ctx,
}: {
  title: string
  stories: StorySummary[]
  ctx: TimeContext
}) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <ul class="story-list">
        {stories.map((s) => (
          <li key={s.slug}>
            <article class="story-card">
              <h3>
                <a href={paths.story(s.slug)}>{s.title}</a>
              </h3>
              <p class="story-meta">
                {s.status === 'live' && s.developing && (
                  <span class="badge badge-developing">Developing</span>
                )}
                {s.status === 'live' && !s.developing && <span class="badge badge-live">Live</span>}
                {s.status === 'paused' && <span class="badge badge-paused">Paused</span>}
                {s.status === 'ended' && <span class="badge badge-ended">Coverage ended</span>}{' '}
                <TimeStamp iso={s.lastUpdateAt} ctx={ctx} label="Last update" />
              </p>
              {s.leadText && <p class="lead-text">{truncate(s.leadText, 280)}</p>}
            </article>
          </li>
        ))}
      </ul>
    </section>
  )
}

const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : text
