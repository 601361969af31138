/** @module storage/postgres — PostgreSQL for scale-out: the same schema and queries as SQLite. */
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Database, Db } from './db.js'

/**
 * How long a request waits for a connection (new or from the pool) before it is refused with
 * DATABASE_UNAVAILABLE: during an outage writes fail fast and plainly instead of hanging.
 */
const CONNECT_TIMEOUT_MS = 5_000

export function openPostgres(url: string, options: { maxConnections?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  // An idle client losing its server connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  // The pool listens for errors only on idle clients. A checked-out client whose server goes away
  // between two queries (a restart mid-transaction) would emit an unhandled 'error' and take the
  // process down; its pending and next queries fail instead, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined))
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
