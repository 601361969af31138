import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('defaults to SQLite in ./data, the in-process bus and port 3000', () => {
    const config = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: expect.stringMatching(/data\/sitrep\.db$/),
    })
    expect(config.redisUrl).toBeUndefined()
    expect(Object.isFrozen(config.database)).toBe(true)
  })

  it('picks PostgreSQL and Redis from their URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db/sitrep',
      REDIS_URL: 'redis://cache:6379',
    })
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db/sitrep' })
    expect(config.redisUrl).toBe('redis://cache:6379')
  })

  it('lists every problem at once and hides passwords', () => {
    let error: unknown
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        REDIS_URL: 'nope',
        SITREP_TIMEZONE: 'Mars/Olympus',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toHaveLength(4)
    expect(problems.join('\n')).toMatch(/PORT must be an integer/)
    expect(problems.join('\n')).not.toContain('hunter2')
  })

  it('names the bus channel after the database, unless a namespace is set', () => {
    const ns = (env: Record<string, string>) => loadConfig(env).busNamespace
    const a = ns({ DATABASE_URL: 'postgres://u:p@db:5432/sitrep' })
    expect(a).toMatch(/^db-[0-9a-f]{12}$/)
    // The same database with other credentials is the same deployment.
    expect(ns({ DATABASE_URL: 'postgres://other:secret@db/sitrep' })).toBe(a)
    expect(ns({ DATABASE_URL: 'postgres://u:p@db:5432/elsewhere' })).not.toBe(a)
    expect(ns({ SITREP_DATA: '/srv/a' })).not.toBe(ns({ SITREP_DATA: '/srv/b' }))
    expect(ns({ SITREP_BUS_NAMESPACE: 'newsroom-2' })).toBe('newsroom-2')
    expect(() => loadConfig({ SITREP_BUS_NAMESPACE: 'a b' })).toThrow(/SITREP_BUS_NAMESPACE/)
  })
})
