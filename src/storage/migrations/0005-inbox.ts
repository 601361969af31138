/** @module storage/migrations/0005-inbox — the desk inbox: imported texts, the drafts they made and the claims they suggest. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per imported text (a file, a request, a feed item) that made at least one draft. The
  // text is kept as read so the desk can show each suggestion's words where they stand.
  await db.schema
    .createTable('inbox_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('story_id', 'text', (c) => c.notNull().references('story.id'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('dateline', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_entry_story_idx')
    .on('inbox_entry')
    .columns(['story_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('inbox_draft')
    .addColumn('update_id', 'text', (c) => c.primaryKey().references('story_update.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('inbox_entry.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('spans', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema
    .createIndex('inbox_draft_entry_idx')
    .on('inbox_draft')
    .column('entry_id')
    .execute()

  await db.schema
    .createTable('claim_suggestion')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('inbox_entry.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('proposition', 'text', (c) => c.notNull())
    .addColumn('claim_key', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('statements', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('claim_id', 'text', (c) => c.references('claim.id'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema
    .createIndex('claim_suggestion_entry_idx')
    .on('claim_suggestion')
    .column('entry_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('claim_suggestion').execute()
  await db.schema.dropTable('inbox_draft').execute()
  await db.schema.dropTable('inbox_entry').execute()
}
