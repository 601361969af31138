/** @module cli/commands/migrate — `sitrep migrate`: apply pending migrations and say which. */
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'
import { migrateToLatest } from '../../storage/migrate.js'

export async function migrate(): Promise<number> {
  const runtime = await boot(loadConfig(), { migrate: false, bus: false })
  try {
    const { applied } = await migrateToLatest(runtime.db)
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
        : 'The database is up to date.',
    )
    return 0
  } finally {
    await runtime.close()
  }
}
