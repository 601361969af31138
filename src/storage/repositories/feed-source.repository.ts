/** @module storage/repositories/feed-source — feeds to poll, and what the last poll learnt. */
import type { Executor } from '../db.js'
import type { FeedSourceRow } from '../tables/feed-source.table.js'

export interface FeedSource {
  id: string
  storyId: string
  url: string
  intervalSeconds: number
  etag: string | null
  lastModified: string | null
  nextPollAt: string
  failures: number
  lastError: string | null
  /** When the last poll ended; null until the first one. */
  lastPolledAt: string | null
  /** Drafts its items have made (counted since feeds recorded it). */
  draftsMade: number
  createdBy: string
  createdAt: string
}

/** What one poll changes on the feed. */
export type FeedPollChanges = Pick<
  FeedSource,
  'etag' | 'lastModified' | 'nextPollAt' | 'failures' | 'lastError' | 'lastPolledAt'
> & {
  /** Drafts this poll made, added to the feed's count. */
  drafts: number
}

const rowToFeed = (row: FeedSourceRow): FeedSource => ({
  id: row.id,
  storyId: row.story_id,
  url: row.url,
  intervalSeconds: Number(row.interval_seconds),
  etag: row.etag,
  lastModified: row.last_modified,
  nextPollAt: row.next_poll_at,
  failures: Number(row.failures),
  lastError: row.last_error,
  lastPolledAt: row.last_polled_at,
  draftsMade: Number(row.drafts_made),
  createdBy: row.created_by,
  createdAt: row.created_at,
})

export class FeedSourceRepository {
  constructor(private readonly db: Executor) {}

  async insert(feed: FeedSource): Promise<void> {
    await this.db
      .insertInto('feed_source')
      .values({
        id: feed.id,
        story_id: feed.storyId,
        url: feed.url,
        interval_seconds: feed.intervalSeconds,
        etag: feed.etag,
        last_modified: feed.lastModified,
        next_poll_at: feed.nextPollAt,
        failures: feed.failures,
        last_error: feed.lastError,
        last_polled_at: feed.lastPolledAt,
        drafts_made: feed.draftsMade,
        created_by: feed.createdBy,
        created_at: feed.createdAt,
      })
      .execute()
  }

  async findById(id: string): Promise<FeedSource | undefined> {
    const row = await this.db
      .selectFrom('feed_source')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToFeed(row)
  }

  async findByUrl(storyId: string, url: string): Promise<FeedSource | undefined> {
    const row = await this.db
      .selectFrom('feed_source')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('url', '=', url)
      .executeTakeFirst()
    return row && rowToFeed(row)
  }

  /** A story's feeds, oldest first. */
  async listByStory(storyId: string): Promise<FeedSource[]> {
    const rows = await this.db
      .selectFrom('feed_source')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(rowToFeed)
  }

  async listDue(now: string, limit: number): Promise<FeedSource[]> {
    const rows = await this.db
      .selectFrom('feed_source')
      .selectAll()
      .where('next_poll_at', '<=', now)
      .orderBy('next_poll_at')
      .limit(limit)
      .execute()
    return rows.map(rowToFeed)
  }

  async recordPoll(id: string, changes: FeedPollChanges): Promise<void> {
    await this.db
      .updateTable('feed_source')
      .set((eb) => ({
        etag: changes.etag,
        last_modified: changes.lastModified,
        next_poll_at: changes.nextPollAt,
        failures: changes.failures,
        last_error: changes.lastError,
        last_polled_at: changes.lastPolledAt,
        drafts_made: eb('drafts_made', '+', changes.drafts),
      }))
      .where('id', '=', id)
      .execute()
  }

  /** True when a row was removed. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('feed_source').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
