/** @module storage/migrations/0010-token-owner — each bearer token names the desk user who made it. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Null for tokens made with `sitrep token create` on the server's machine, and for every token
  // made before this migration: those have no owner whose deactivation could end them.
  await db.schema
    .alterTable('api_token')
    .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_token').dropColumn('created_by').execute()
}
