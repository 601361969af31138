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
})
