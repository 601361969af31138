/** @module storage/repositories/story — stories and their lead revisions; maps rows to domain objects. */
import type { Story, StoryStatus } from '../../core/story.js'
import type { Executor } from '../db.js'
import type { StoryRevisionRow, StoryRow } from '../tables/story.table.js'

export const storyRowToStory = (row: StoryRow): Story => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  lead: row.lead,
  developing: Boolean(row.developing),
  status: row.status as StoryStatus,
  version: row.version,
  lastSeq: row.last_seq,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export interface StoryRevision {
  version: number
  snapshot: Pick<Story, 'title' | 'lead' | 'developing' | 'status'>
  actor: string
  createdAt: string
}

export class StoryRepository {
  constructor(private readonly db: Executor) {}

  async findBySlug(slug: string): Promise<Story | undefined> {
    const row = await this.db
      .selectFrom('story')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst()
    return row && storyRowToStory(row)
  }

  async findById(id: string): Promise<Story | undefined> {
    const row = await this.db
      .selectFrom('story')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && storyRowToStory(row)
  }

  /** Newest first; stories are few, so no cursor here. */
  async list(limit: number): Promise<Story[]> {
    const rows = await this.db
      .selectFrom('story')
      .selectAll()
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(storyRowToStory)
  }

  async insert(story: Story): Promise<void> {
    await this.db
      .insertInto('story')
      .values({
        id: story.id,
        slug: story.slug,
        title: story.title,
        lead: story.lead,
        developing: story.developing ? 1 : 0,
        status: story.status,
        version: story.version,
        last_seq: story.lastSeq,
        created_at: story.createdAt,
        updated_at: story.updatedAt,
      })
      .execute()
  }

  /** Writes the editable fields; `last_seq` is owned by nextSeq. */
  async update(story: Story): Promise<void> {
    await this.db
      .updateTable('story')
      .set({
        title: story.title,
        lead: story.lead,
        developing: story.developing ? 1 : 0,
        status: story.status,
        version: story.version,
        updated_at: story.updatedAt,
      })
      .where('id', '=', story.id)
      .execute()
  }

  /**
   * Allocates the story's next event number. The row update locks the story until commit
   * (PostgreSQL row lock; SQLite's single writer), so numbers are gap-free and commit in order.
   */
  async nextSeq(storyId: string, touchedAt: string): Promise<number> {
    const row = await this.db
      .updateTable('story')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1), updated_at: touchedAt }))
      .where('id', '=', storyId)
      .returning('last_seq')
      .executeTakeFirstOrThrow()
    return row.last_seq
  }

  async setLastSeq(storyId: string, lastSeq: number): Promise<void> {
    await this.db
      .updateTable('story')
      .set({ last_seq: lastSeq })
      .where('id', '=', storyId)
      .execute()
  }

  async insertRevision(storyId: string, revision: StoryRevision): Promise<void> {
    await this.db
      .insertInto('story_revision')
      .values({
        story_id: storyId,
        version: revision.version,
        snapshot: JSON.stringify(revision.snapshot),
        actor: revision.actor,
        created_at: revision.createdAt,
      })
      .execute()
  }

  async listRevisions(storyId: string): Promise<StoryRevision[]> {
    const rows = await this.db
      .selectFrom('story_revision')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('version', 'asc')
      .execute()
    return rows.map((row: StoryRevisionRow) => ({
      version: row.version,
      snapshot: JSON.parse(row.snapshot) as StoryRevision['snapshot'],
      actor: row.actor,
      createdAt: row.created_at,
    }))
  }
}
