/** @module storage/migrations/0006-feed-polls — when each feed was last polled and how many drafts it has made. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema.alterTable('feed_source').addColumn('last_polled_at', 'text').execute()
  // Counted from this migration on: earlier drafts cannot be told apart by feed.
  await db.schema
    .alterTable('feed_source')
    .addColumn('drafts_made', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feed_source').dropColumn('drafts_made').execute()
  await db.schema.alterTable('feed_source').dropColumn('last_polled_at').execute()
}
