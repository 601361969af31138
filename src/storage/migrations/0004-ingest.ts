/** @module storage/migrations/0004-ingest — import records: which imported text made which draft, by content hash. */
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_record').execute()
}
