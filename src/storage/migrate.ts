/** @module storage/migrate — brings a database to the latest schema. */
import { Migrator } from 'kysely'
import type { Db } from './db.js'
import { migrationProvider } from './migrations/index.js'

export interface MigrationReport {
  applied: string[]
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  // Unordered: areas add migrations independently; each is idempotent on its own tables.
  const migrator = new Migrator({
    db: db.kysely,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, {
      cause: error,
    })
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  }
}
