/** @module storage/postgres — PostgreSQL for scale-out: the same schema and queries as SQLite. */
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Database, Db } from './db.js'

export function openPostgres(url: string, options: { maxConnections?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 })
  // An idle client losing its server connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    kysely,
    dialect: 'postgres',
    transaction: (work) => kysely.transaction().execute(work),
    ping: async () => {
      await sql`select 1`.execute(kysely)
    },
    close: () => kysely.destroy(),
  }
}
