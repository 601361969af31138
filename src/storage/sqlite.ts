/** @module storage/sqlite — the embedded default: one SQLite file in WAL mode with durable commits. */
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Database, Db } from './db.js'

export function openSqlite(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: () => {
        const native = new SQLite(file)
        native.pragma('journal_mode = WAL')
        // FULL: a commit is on disk before the API acknowledges it, so even power loss keeps it.
        native.pragma('synchronous = FULL')
        native.pragma('foreign_keys = ON')
        // The CLI may write while the server runs; wait for the lock instead of failing.
        native.pragma('busy_timeout = 5000')
        return Promise.resolve(native)
      },
    }),
  })
  return {
    kysely,
    dialect: 'sqlite',
    // BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads before it writes
    // waits for another process's writer instead of failing half-way with SQLITE_BUSY.
    transaction: (work) =>
      kysely.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await work(conn as never)
          await sql`commit`.execute(conn)
          return result
        } catch (error) {
          await sql`rollback`.execute(conn)
          throw error
        }
      }),
    ping: async () => {
      await sql`select 1`.execute(kysely)
    },
    close: () => kysely.destroy(),
  }
}
