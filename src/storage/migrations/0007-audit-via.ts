/** @module storage/migrations/0007-audit-via — where each audited action came from: HTTP, the CLI, a feed or the server. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Rows written before this migration came from the HTTP hook or the CLI; they stay unnamed.
  await db.schema
    .alterTable('audit_entry')
    .addColumn('via', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_entry').dropColumn('via').execute()
}
