#!/usr/bin/env node
// Runs a command with TEST_DATABASE_URL and TEST_REDIS_URL pointing at the local PostgreSQL and Redis
// (defaults below; set them to use others). Suites that see these variables run on PostgreSQL + Redis
// as well as SQLite, and refuse to skip silently (SITREP_REQUIRE_SERVICES=1).
import { spawn } from 'node:child_process'

const env = {
  ...process.env,
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  TEST_REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
  SITREP_REQUIRE_SERVICES: '1',
}
const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: node scripts/with-services.mjs <command> [args…]')
  process.exit(2)
}
const child = spawn(command, args, { env, stdio: 'inherit', shell: process.platform === 'win32' })
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
