/** @module storage/tables/feed-source — the `feed_source` table: feeds a story follows and when to poll them. */
import type { Generated, Selectable } from 'kysely'

export interface FeedSourceTable {
  id: string
  story_id: string
  url: string
  interval_seconds: number
  /** Validators from the last 200, sent back so an unchanged feed answers 304. */
  etag: string | null
  last_modified: string | null
  next_poll_at: string
  /** Consecutive failures; the next poll backs off with them. */
  failures: number
  last_error: string | null
  /** When the last poll ended, successful or not; null until the first one. */
  last_polled_at: string | null
  /** Drafts its items have made, counted from migration 0006 on. */
  drafts_made: Generated<number>
  created_by: string
  created_at: string
}
export type FeedSourceRow = Selectable<FeedSourceTable>
