/** @module storage/migrations/0012-update-owner — each update keeps the token or desk user that made it. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Null for updates made before this migration: the name they were written under is not an
  // identity (token names repeat), so no owner is guessed from it and only editors change them.
  await db.schema.alterTable('story_update').addColumn('created_by', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('story_update').dropColumn('created_by').execute()
}
