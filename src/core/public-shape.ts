/** @module core/public-shape — what readers and API clients see of stories and updates (snake_case JSON). */
import { renderMarkdown } from './markdown.js'
import type { Story } from './story.js'
import type { Update } from './update.js'

export interface PublicStory {
  id: string
  slug: string
  title: string
  lead: string
  lead_html: string
  developing: boolean
  status: Story['status']
  version: number
  last_event_id: number
  created_at: string
  updated_at: string
}

export const publicStory = (story: Story): PublicStory => ({
  id: story.id,
  slug: story.slug,
  title: story.title,
  lead: story.lead,
  lead_html: renderMarkdown(story.lead),
  developing: story.developing,
  status: story.status,
  version: story.version,
  last_event_id: story.lastSeq,
  created_at: story.createdAt,
  updated_at: story.updatedAt,
})

export interface PublicUpdate {
  id: string
  story: string
  headline: string
  body: string
  body_html: string
  media: Update['media']
  related: Update['related']
  sources: Update['sources']
  pinned: boolean
  key_event: boolean
  status: Update['status']
  author: string
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  edited_at: string | null
  deleted_at: string | null
}

/** An update's public fields but its rendered HTML: what the audit log keeps (Markdown is the record). */
export type RecordedUpdate = Omit<PublicUpdate, 'body_html'>

export const recordedUpdate = (update: Update, storySlug: string): RecordedUpdate =>
  update.status === 'deleted'
    ? // A tombstone says only that the update is gone.
      {
        id: update.id,
        story: storySlug,
        headline: '',
        body: '',
        media: [],
        related: [],
        sources: [],
        pinned: false,
        key_event: false,
        status: 'deleted',
        author: '',
        version: update.version,
        created_at: update.createdAt,
        updated_at: update.updatedAt,
        published_at: update.publishedAt,
        edited_at: update.editedAt,
        deleted_at: update.deletedAt,
      }
    : {
        id: update.id,
        story: storySlug,
        headline: update.headline,
        body: update.body,
        media: update.media,
        related: update.related,
        sources: update.sources,
        pinned: update.pinned,
        key_event: update.keyEvent,
        status: update.status,
        author: update.author,
        version: update.version,
        created_at: update.createdAt,
        updated_at: update.updatedAt,
        published_at: update.publishedAt,
        edited_at: update.editedAt,
        deleted_at: update.deletedAt,
      }

export const publicUpdate = (update: Update, storySlug: string): PublicUpdate => {
  const fields = recordedUpdate(update, storySlug)
  return { ...fields, body_html: fields.body ? renderMarkdown(fields.body) : '' }
}
