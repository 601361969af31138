/** @module services/export — a story with every revision and event as one JSON document, and back. */
import type { Story } from '../core/story.js'
import type { StoryEvent } from '../core/story-event.js'
import type { Update } from '../core/update.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import { StoryEventRepository } from '../storage/repositories/story-event.repository.js'
import { StoryRepository, type StoryRevision } from '../storage/repositories/story.repository.js'
import { UpdateRepository, type UpdateRevision } from '../storage/repositories/update.repository.js'

export const EXPORT_FORMAT = 'sitrep-story-export'
export const EXPORT_VERSION = 1

export interface StoryExport {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  exported_at: string
  story: Story
  story_revisions: StoryRevision[]
  updates: Array<Update & { revisions: UpdateRevision[] }>
  events: StoryEvent[]
}

export class ExportService {
  constructor(private readonly db: Db) {}

  async exportStory(slug: string, now = new Date()): Promise<StoryExport> {
    // One transaction, so the export is a consistent snapshot even while the story is live.
    return this.db.transaction(async (trx) => {
      const stories = new StoryRepository(trx)
      const story = await stories.findBySlug(slug)
      if (!story) throw new AppError('STORY_NOT_FOUND', `No story with the slug "${slug}"`)
      const updates = new UpdateRepository(trx)
      const all = await updates.listAll(story.id)
      const withRevisions = []
      for (const update of all)
        withRevisions.push({ ...update, revisions: await updates.listRevisions(update.id) })
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exported_at: now.toISOString(),
        story,
        story_revisions: await stories.listRevisions(story.id),
        updates: withRevisions,
        events: await new StoryEventRepository(trx).listRange(story.id, 0),
      }
    })
  }

  /** Restores an export exactly (ids, versions, revisions, event numbers), optionally under a new slug. */
  async importStory(
    doc: unknown,
    slug?: string,
  ): Promise<{ slug: string; updates: number; events: number }> {
    if (!isStoryExport(doc))
      throw new AppError(
        'IMPORT_INVALID',
        `Expected a JSON document with "format": "${EXPORT_FORMAT}" and "version": ${EXPORT_VERSION}`,
      )
    const story: Story = { ...doc.story, slug: slug ?? doc.story.slug }
    return this.db.transaction(async (trx) => {
      const stories = new StoryRepository(trx)
      if (await stories.findBySlug(story.slug))
        throw new AppError(
          'STORY_SLUG_TAKEN',
          `A story with the slug "${story.slug}" already exists`,
          { slug: story.slug },
        )
      if (await stories.findById(story.id))
        throw new AppError(
          'STORY_SLUG_TAKEN',
          `This export is already in the database as another story (id ${story.id})`,
        )
      await stories.insert(story)
      for (const revision of doc.story_revisions) await stories.insertRevision(story.id, revision)
      const updates = new UpdateRepository(trx)
      for (const { revisions, ...update } of doc.updates) {
        await updates.insert(update)
        for (const revision of revisions) await updates.insertRevision(revision)
      }
      const events = new StoryEventRepository(trx)
      for (const event of doc.events) await events.insert(event)
      return { slug: story.slug, updates: doc.updates.length, events: doc.events.length }
    })
  }
}

function isStoryExport(doc: unknown): doc is StoryExport {
  if (!doc || typeof doc !== 'object') return false
  const d = doc as Partial<StoryExport>
  return (
    d.format === EXPORT_FORMAT &&
    d.version === EXPORT_VERSION &&
    typeof d.story?.id === 'string' &&
    Array.isArray(d.story_revisions) &&
    Array.isArray(d.updates) &&
    Array.isArray(d.events)
  )
}
