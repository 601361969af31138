/** @module server/reader/components/update-page — an update's own page (permalink) and its revision history. */
import { paths, type StoryView, type UpdateView } from '../view.js'
import { TimeStamp, type TimeContext } from './time-stamp.js'
import { UpdateCard } from './update-card.js'

export function UpdatePage({
  story,
  update,
  ctx,
}: {
  story: StoryView
  update: UpdateView
  ctx: TimeContext
}) {
  return (
    <main id="main" class="story single">
      <p class="back">
        <a href={`${paths.story(story.slug)}#${paths.anchor(update.id)}`}>← {story.title}</a>
      </p>
      <UpdateCard update={update} ctx={ctx} level={1} />
    </main>
  )
}

export interface RevisionView {
  version: number
  at: string
  update: UpdateView
}

export function HistoryPage({
  story,
  revisions,
  ctx,
}: {
  story: StoryView
  revisions: RevisionView[]
  ctx: TimeContext
}) {
  const latest = revisions[0]
  return (
    <main id="main" class="story history">
      <p class="back">
        <a href={paths.story(story.slug)}>← {story.title}</a>
      </p>
      <h1>History of this update</h1>
      <p>
        Every published version, newest first.{' '}
        {latest && <a href={paths.update(story.slug, latest.update.id)}>See the current version</a>}
      </p>
      <ol class="revisions">
        {revisions.map((r) => (
          <li key={r.version}>
            <h2 class="revision-head">
              Version {r.version} · <TimeStamp iso={r.at} ctx={ctx} />
            </h2>
            <UpdateCard
              update={{ ...r.update, id: `${r.update.id}-v${r.version}` }}
              ctx={ctx}
              noHistoryLink
            />
          </li>
        ))}
      </ol>
    </main>
  )
}
