/** @module storage/migrations/0009-statement-lives — statements dated by a span, corrected with a reason, withdrawn but kept, every version kept. */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema.alterTable('attribution').addColumn('stated_from', 'text').execute()
  await db.schema.alterTable('attribution').addColumn('stated_to', 'text').execute()
  await db.schema
    .alterTable('attribution')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema.alterTable('attribution').addColumn('corrected_at', 'text').execute()
  await db.schema.alterTable('attribution').addColumn('correction_reason', 'text').execute()
  await db.schema.alterTable('attribution').addColumn('withdrawn_at', 'text').execute()
  await db.schema.alterTable('attribution').addColumn('withdrawn_by', 'text').execute()
  await db.schema.alterTable('attribution').addColumn('withdrawn_reason', 'text').execute()

  await db.schema
    .createTable('attribution_revision')
    .addColumn('attribution_id', 'text', (c) => c.notNull().references('attribution.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('stated_at', 'text')
    .addColumn('stated_from', 'text')
    .addColumn('stated_to', 'text')
    .addColumn('update_id', 'text')
    .addColumn('evidence_url', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attribution_revision_pk', ['attribution_id', 'version'])
    .execute()

  // Statements recorded before this migration get their first version, as recorded.
  await sql`
    INSERT INTO attribution_revision
      (attribution_id, version, change, source_id, stance, quote, stated_at, stated_from,
       stated_to, update_id, evidence_url, reason, actor, created_at)
    SELECT id, 1, 'recorded', source_id, stance, quote, stated_at, NULL, NULL, update_id,
       evidence_url, '', recorded_by, recorded_at
    FROM attribution
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attribution_revision').execute()
  for (const column of [
    'withdrawn_reason',
    'withdrawn_by',
    'withdrawn_at',
    'correction_reason',
    'corrected_at',
    'version',
    'stated_to',
    'stated_from',
  ])
    await db.schema.alterTable('attribution').dropColumn(column).execute()
}
