/** Account and session changes are actions: the change and its audit row commit together or not at all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../src/core/role.js'
import { cliContext } from '../../src/services/action.js'
import { refuseAuditOf } from '../helpers/audit-faults.js'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const password = 'a long river of words'

describe.each(BACKENDS)('audit of accounts and sessions on %s', (backend) => {
  let server: TestServer
  let boss: DeskSession
  let auditor: string
  const addUser = async (email: string, role: Role = 'editor'): Promise<string> =>
    (await server.runtime.services.users.createUser(cliContext(), { email, role, password })).user
      .id
  const rowsFor = async (target: string): Promise<any[]> => {
    const res = await request(server.url, 'GET', `/api/v1/audit?target=${target}`, {
      token: auditor,
    })
    expect(res.status).toBe(200)
    return res.body.items
  }
  const sessionsOf = async (userId: string): Promise<number> =>
    (
      await server.runtime.db.kysely
        .selectFrom('user_session')
        .select('id_hash')
        .where('user_id', '=', userId)
        .execute()
    ).length

  beforeAll(async () => {
    server = await startTestServer(backend)
    await addUser('boss@example.org', 'admin')
    boss = await signIn(server.url, 'boss@example.org', password)
    auditor = await server.token('admin')
  })
  afterAll(async () => server?.close())

  it('records a user made from the CLI as cli, and a deactivation once, with before and after', async () => {
    const id = await addUser('cli-made@example.org')
    expect((await rowsFor(id)).map((r) => [r.action, r.actor, r.via])).toEqual([
      ['user.create', 'cli', 'cli'],
    ])
    expect((await boss.api('PATCH', `/users/${id}`, { body: { active: false } })).status).toBe(200)
    const rows = await rowsFor(id)
    expect(rows[0]).toMatchObject({
      action: 'user.deactivate',
      via: 'http',
      before: { active: true },
      after: { active: false },
    })
    expect(rows).toHaveLength(2)
  })

  it('keeps the user active and signed in when the deactivation cannot be recorded', async () => {
    const id = await addUser('kept@example.org')
    const kept = await signIn(server.url, 'kept@example.org', password)
    await refuseAuditOf(server.runtime, id)
    const off = await boss.api('PATCH', `/users/${id}`, { body: { active: false } })
    expect(off.status).toBe(500)
    expect((await kept.api('GET', '/session')).status).toBe(200)
    const users = (await boss.api('GET', '/users')).body.items
    expect(users.find((u: any) => u.id === id).active).toBe(true)
  })

  it('opens no session when the sign-in cannot be recorded', async () => {
    const id = await addUser('unrecorded@example.org')
    await refuseAuditOf(server.runtime, id)
    const res = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'unrecorded@example.org', password },
    })
    expect(res.status).toBe(500)
    expect(await sessionsOf(id)).toBe(0)
  })

  it('records a refused sign-in under the e-mail tried, and a sign-out', async () => {
    const failed = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'nobody@example.org', password },
    })
    expect(failed.status).toBe(401)
    expect(await rowsFor('nobody@example.org')).toMatchObject([
      { action: 'session.sign_in_failed', actor: 'nobody@example.org', via: 'http' },
    ])
    const id = await addUser('leaver@example.org')
    const leaver = await signIn(server.url, 'leaver@example.org', password)
    expect((await leaver.api('DELETE', '/session')).status).toBe(204)
    expect((await rowsFor(id)).map((r) => r.action)).toEqual([
      'session.sign_out',
      'session.sign_in',
      'user.create',
    ])
    expect(await sessionsOf(id)).toBe(0)
  })
})
