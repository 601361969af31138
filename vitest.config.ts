import { defineConfig } from 'vitest/config'

// Three tiers with their own timeouts: unit (no I/O), integration (real HTTP, SQLite and, when
// configured, PostgreSQL + Redis) and e2e (spawned server processes and Chromium).
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
          testTimeout: 2_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 15_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Server processes and browsers compete for two cores; run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
