/** Backends every integration test body runs against: SQLite always; PostgreSQL + Redis when configured. */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export interface Backend {
  name: 'sqlite' | 'postgres'
  /** Environment for the server under test (DATABASE_URL, REDIS_URL, SITREP_DATA). */
  env: Record<string, string>
  /** Drops the database or folder. */
  cleanup(): Promise<void>
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL

/** In CI, PostgreSQL and Redis are required: a missing variable fails the run instead of skipping. */
if (
  process.env.CI === 'true' &&
  process.env.SITREP_REQUIRE_SERVICES === '1' &&
  (!TEST_DATABASE_URL || !TEST_REDIS_URL)
) {
  throw new Error(
    'CI requires TEST_DATABASE_URL and TEST_REDIS_URL for the PostgreSQL + Redis suites',
  )
}

export const BACKENDS: Array<Backend['name']> = TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite']

export function tempDir(prefix = 'sitrep-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** A fresh, empty database of the given kind. */
export async function createBackend(name: Backend['name']): Promise<Backend> {
  const dataDir = tempDir()
  if (name === 'sqlite') {
    return {
      name,
      env: { SITREP_DATA: dataDir },
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set')
  const dbName = `sitrep_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${dbName}`
  const env: Record<string, string> = { SITREP_DATA: dataDir, DATABASE_URL: url.toString() }
  if (TEST_REDIS_URL) env.REDIS_URL = TEST_REDIS_URL
  return {
    name,
    env,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      await client.end()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
