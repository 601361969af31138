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
