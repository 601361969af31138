/** @module storage/migrations/0004-ingest — import records (which text made which draft) and the feeds a story follows. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per imported piece of text and story: the primary key is what makes a second import
  // of the same text create nothing, even when two imports race.
  await db.schema
    .createTable('import_record')
    .addColumn('story_id', 'text', (c) => c.notNull().references('story.id'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('update_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_record_pk', ['story_id', 'content_hash'])
    .execute()

  await db.schema
    .createTable('feed_source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('story_id', 'text', (c) => c.notNull().references('story.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feed_source_story_url', ['story_id', 'url'])
    .execute()
  await db.schema
    .createIndex('feed_source_due_idx')
    .on('feed_source')
    .column('next_poll_at')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feed_source').execute()
  await db.schema.dropTable('import_record').execute()
}
