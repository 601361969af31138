/** @module storage/migrations/0003-claims — the claims ledger: sources, claims, attributions and their histories. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('source')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('affiliation', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('source_name')
    .addColumn('name_key', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('source.id'))
    .execute()
  await db.schema
    .createIndex('source_name_source_idx')
    .on('source_name')
    .column('source_id')
    .execute()

  await db.schema
    .createTable('source_revision')
    .addColumn('source_id', 'text', (c) => c.notNull().references('source.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_revision_pk', ['source_id', 'version'])
    .execute()

  await db.schema
    .createTable('claim')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposition', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('verdict_at', 'text')
    .addColumn('verdict_by', 'text')
    .execute()

  await db.schema
    .createTable('claim_story')
    .addColumn('claim_id', 'text', (c) => c.notNull().references('claim.id'))
    .addColumn('story_id', 'text', (c) => c.notNull().references('story.id'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('claim_story_pk', ['claim_id', 'story_id'])
    .execute()
  await db.schema
    .createIndex('claim_story_story_idx')
    .on('claim_story')
    .columns(['story_id', 'linked_at'])
    .execute()

  await db.schema
    .createTable('claim_revision')
    .addColumn('claim_id', 'text', (c) => c.notNull().references('claim.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('proposition', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('suggested_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('claim_revision_pk', ['claim_id', 'version'])
    .execute()

  await db.schema
    .createTable('attribution')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('claim_id', 'text', (c) => c.notNull().references('claim.id'))
    .addColumn('source_id', 'text', (c) => c.notNull().references('source.id'))
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('stated_at', 'text')
    .addColumn('update_id', 'text', (c) => c.references('story_update.id'))
    .addColumn('evidence_url', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('original_claim_id', 'text', (c) => c.notNull())
    .addColumn('original_source_id', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('attribution_claim_idx')
    .on('attribution')
    .column('claim_id')
    .execute()
  await db.schema
    .createIndex('attribution_source_idx')
    .on('attribution')
    .column('source_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'attribution',
    'claim_revision',
    'claim_story',
    'claim',
    'source_revision',
    'source_name',
    'source',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
