import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import {
  createTokenViaCli,
  runCli,
  spawnServer,
  type ServerProcess,
} from '../helpers/process-server.js'

describe('sitrep user', () => {
  let server: ServerProcess
  const env = { SITREP_DATA: tempDir() }
  beforeAll(async () => {
    server = await spawnServer(env)
  })
  afterAll(async () => server?.stop())

  it('adds a user with a given password, who can sign in at once', async () => {
    const out = await runCli(env, [
      'user',
      'add',
      '--email',
      'E@Example.org',
      '--role',
      'editor',
      '--password',
      'a long secret',
    ])
    expect(out).toMatch(/Added editor e@example.org/)
    const res = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'e@example.org', password: 'a long secret' },
    })
    expect(res.status).toBe(200)
  })

  it('prints a generated password once when none is given', async () => {
    const out = await runCli(env, [
      'user',
      'add',
      '--email',
      'g@example.org',
      '--role',
      'contributor',
    ])
    const password = out.trim().split('\n').pop()!.trim()
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/)
    const res = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'g@example.org', password },
    })
    expect(res.status).toBe(200)
    expect(res.body.user.must_change_password).toBe(true)
  })

  it('refuses an unknown role and a duplicate e-mail', async () => {
    await expect(
      runCli(env, ['user', 'add', '--email', 'x@example.org', '--role', 'chief']),
    ).rejects.toThrow(/unknown role/)
    await expect(
      runCli(env, ['user', 'add', '--email', 'e@example.org', '--role', 'editor']),
    ).rejects.toThrow(/USER_EMAIL_TAKEN/)
  })

  it('records tokens made by `sitrep token create` in the audit log, with via cli', async () => {
    const admin = await createTokenViaCli(env, 'admin')
    await createTokenViaCli(env, 'editor')
    const res = await request(server.url, 'GET', '/api/v1/audit?action=token', { token: admin })
    expect(res.status).toBe(200)
    const made = res.body.items.filter((e: any) => e.action === 'token.create')
    expect(made.map((e: any) => e.after.role).sort()).toEqual(['admin', 'editor'])
    expect(made.every((e: any) => e.via === 'cli' && e.target_type === 'token')).toBe(true)
    expect(JSON.stringify(res.body)).not.toContain(admin)
  })

  it('leaves exactly one audit row, via cli, for each write made from the shell', async () => {
    const admin = await createTokenViaCli(env, 'admin')
    const fromCli = async (): Promise<any[]> => {
      const res = await request(server.url, 'GET', '/api/v1/audit?limit=200', { token: admin })
      expect(res.status).toBe(200)
      return res.body.items.filter((e: any) => e.via === 'cli')
    }
    /** Runs one command and returns the audit rows it added. */
    const rowsOf = async (args: string[]): Promise<any[]> => {
      const before = new Set((await fromCli()).map((e) => e.id))
      await runCli(env, args)
      return (await fromCli()).filter((e) => !before.has(e.id))
    }
    await request(server.url, 'POST', '/api/v1/stories', {
      token: admin,
      body: { title: 'On record', slug: 'on-record' },
    })
    const text = path.join(tempDir(), 'wire.txt')
    fs.writeFileSync(text, 'Officials said the bridge reopened at noon after repairs.\n')
    const cases: Array<[string[], string]> = [
      [['token', 'create', '--role', 'editor'], 'token.create'],
      [['user', 'add', '--email', 'rec@example.org', '--role', 'editor'], 'user.create'],
      [['user', 'deactivate', '--email', 'rec@example.org'], 'user.deactivate'],
      [['feeds', 'add', 'http://127.0.0.1:9/feed.xml', '--story', 'on-record'], 'feed.add'],
      [['import', text, '--story', 'on-record'], 'import.create'],
    ]
    for (const [args, action] of cases) {
      const rows = await rowsOf(args)
      expect(
        rows.map((e) => e.action),
        args.join(' '),
      ).toEqual([action])
    }
    // Reading is not on record; restoring an export (into another data folder) is.
    const exported = path.join(tempDir(), 'on-record.json')
    expect(await rowsOf(['export', 'on-record', '--out', exported])).toEqual([])
    const other = tempDir()
    await runCli({ SITREP_DATA: other }, ['import', exported])
    const db = new Database(path.join(other, 'sitrep.db'), { readonly: true })
    try {
      expect(db.prepare('SELECT action, story_slug, via FROM audit_entry').all()).toEqual([
        { action: 'story.restore', story_slug: 'on-record', via: 'cli' },
      ])
    } finally {
      db.close()
    }
  })

  it("prints the first admin's one-time password on standard error only, on the very first start", async () => {
    const password = /one-time password (\S{20})/.exec(server.errorOutput())?.[1]
    expect(password).toBeDefined()
    // Standard output is the JSON log, which collectors keep: the password never goes there.
    const log = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
    expect(log.some((line) => line.includes('First start'))).toBe(true)
    expect(log.join('\n')).not.toContain(password)
    await server.stop()
    server = await spawnServer(env)
    expect(server.output()).not.toMatch(/one-time password/)
  })
})
