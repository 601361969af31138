/** @module storage/migrations — every migration, in order; the same set runs on SQLite and PostgreSQL. */
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001-initial.js'
import * as m0002 from './0002-accounts.js'
import * as m0003 from './0003-claims.js'
import * as m0004 from './0004-ingest.js'
import * as m0005 from './0005-inbox.js'
import * as m0006 from './0006-feed-polls.js'
import * as m0007 from './0007-audit-via.js'
import * as m0009 from './0009-statement-lives.js'
import * as m0010 from './0010-token-owner.js'
import * as m0012 from './0012-update-owner.js'

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-accounts': m0002,
  '0003-claims': m0003,
  '0004-ingest': m0004,
  '0005-inbox': m0005,
  '0006-feed-polls': m0006,
  '0007-audit-via': m0007,
  '0009-statement-lives': m0009,
  '0010-token-owner': m0010,
  '0012-update-owner': m0012,
}

/** Migrations are bundled in code so a built `dist/` needs no migration folder at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
}
