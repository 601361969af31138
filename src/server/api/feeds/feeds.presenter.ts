/** @module server/api/feeds/feeds.presenter — a followed feed as the API shows it (never its validators). */
import type { Static } from 'typebox'
import type { FeedSource } from '../../../storage/repositories/feed-source.repository.js'
import type { FeedSchema } from './feeds.schema.js'

export function presentFeed(feed: FeedSource): Static<typeof FeedSchema> {
  return {
    id: feed.id,
    url: feed.url,
    interval_seconds: feed.intervalSeconds,
    status: feed.lastError !== null ? 'failing' : feed.lastPolledAt === null ? 'pending' : 'ok',
    last_error: feed.lastError,
    failures: feed.failures,
    last_polled_at: feed.lastPolledAt,
    next_poll_at: feed.nextPollAt,
    drafts_made: feed.draftsMade,
    created_by: feed.createdBy,
    created_at: feed.createdAt,
  }
}
