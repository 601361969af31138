import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request, type JsonResponse } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('authentication hardening on %s', (backend) => {
  let server: TestServer
  let boss: DeskSession
  const password = 'correct horse battery'
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  const addUser = (email: string, role: 'contributor' | 'editor' | 'admin', pw = password) =>
    server.runtime.services.users.createUser(cliContext(), { email, role, password: pw })

  /** A desk user's session makes a token over the API, as a person would in the desk. */
  const tokenOf = async (
    session: DeskSession,
    role: string,
  ): Promise<{ id: string; secret: string }> => {
    const res = await session.api('POST', '/tokens', { body: { role, name: `${role} by hand` } })
    expect(res.status).toBe(201)
    return { id: res.body.token.id, secret: res.body.secret }
  }

  const auditOf = async (query: string): Promise<any[]> => {
    const res = await boss.api('GET', `/audit?${query}`)
    expect(res.status).toBe(200)
    return res.body.items
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    await addUser('boss@example.org', 'admin')
    boss = await signIn(server.url, 'boss@example.org', password)
  })
  afterAll(async () => server?.close())

  describe('tokens belong to the user who made them', () => {
    it("stops a deactivated admin's token at once: no listing, no new admin, no reactivating its owner", async () => {
      const { user } = await addUser('leaver@example.org', 'admin')
      const leaver = await signIn(server.url, 'leaver@example.org', password)
      const token = await tokenOf(leaver, 'admin')
      expect((await api('GET', '/users', { token: token.secret })).status).toBe(200)

      const off = await boss.api('PATCH', `/users/${user.id}`, { body: { active: false } })
      expect(off.status).toBe(200)

      const list = await api('GET', '/users', { token: token.secret })
      expect(list.status).toBe(401)
      expect(list.body.error.code).toBe('AUTH_INVALID_TOKEN')
      const made = await api('POST', '/users', {
        token: token.secret,
        body: { email: 'mole@example.org', role: 'admin' },
      })
      expect(made.status).toBe(401)
      const back = await api('PATCH', `/users/${user.id}`, {
        token: token.secret,
        body: { active: true },
      })
      expect(back.status).toBe(401)
      const users = (await boss.api('GET', '/users')).body.items
      expect(users.find((u: any) => u.id === user.id).active).toBe(false)
      expect(users.some((u: any) => u.email === 'mole@example.org')).toBe(false)

      // Reactivated by another admin, the owner's token works again: it was never revoked.
      await boss.api('PATCH', `/users/${user.id}`, { body: { active: true } })
      expect((await api('GET', '/users', { token: token.secret })).status).toBe(200)
    })

    it("stops a demoted user's admin token, and keeps the tokens the new role still covers", async () => {
      const { user } = await addUser('demoted@example.org', 'admin')
      const demoted = await signIn(server.url, 'demoted@example.org', password)
      const adminToken = await tokenOf(demoted, 'admin')
      const editorToken = await tokenOf(demoted, 'editor')
      const listed = await boss.api('GET', '/tokens')
      expect(listed.body.items.find((t: any) => t.id === adminToken.id).created_by).toBe(user.id)

      expect(
        (await boss.api('PATCH', `/users/${user.id}`, { body: { role: 'editor' } })).status,
      ).toBe(200)

      const asAdmin = await api('GET', '/users', { token: adminToken.secret })
      expect(asAdmin.status).toBe(401)
      expect(asAdmin.body.error.code).toBe('AUTH_INVALID_TOKEN')
      const asEditor = await api('POST', '/stories', {
        token: editorToken.secret,
        body: { title: 'Still an editor' },
      })
      expect(asEditor.status).toBe(201)
    })

    it('gives a token made with an owned token the same owner, so it cannot outlive the user', async () => {
      const { user } = await addUser('chain@example.org', 'admin')
      const chain = await signIn(server.url, 'chain@example.org', password)
      const first = await tokenOf(chain, 'admin')
      const second = await api('POST', '/tokens', { token: first.secret, body: { role: 'admin' } })
      expect(second.status).toBe(201)
      expect(second.body.token.created_by).toBe(user.id)
      await boss.api('PATCH', `/users/${user.id}`, { body: { active: false } })
      expect((await api('GET', '/tokens', { token: second.body.secret })).status).toBe(401)
    })

    it('keeps tokens made from the shell working: they have no owner', async () => {
      const shell = await server.token('admin')
      expect((await api('GET', '/users', { token: shell })).status).toBe(200)
      const listed = await boss.api('GET', '/tokens')
      expect(listed.body.items.some((t: any) => t.created_by === null)).toBe(true)
    })
  })

  describe('token changes are audited by the service', () => {
    it('writes exactly one row for a create and one for a revoke, never the secret', async () => {
      const made = await tokenOf(boss, 'editor')
      const created = await auditOf(`action=token.create&target=${made.id}`)
      expect(created).toHaveLength(1)
      expect(created[0]).toMatchObject({
        action: 'token.create',
        target_type: 'token',
        target_id: made.id,
        via: 'http',
        after: { id: made.id, role: 'editor', name: 'editor by hand' },
      })
      expect(JSON.stringify(created)).not.toContain(made.secret)
      expect(JSON.stringify(created)).not.toMatch(/sitrep_|token_hash/)

      expect((await boss.api('DELETE', `/tokens/${made.id}`)).status).toBe(204)
      const revoked = await auditOf(`action=token.revoke&target=${made.id}`)
      expect(revoked).toHaveLength(1)
      expect(revoked[0]).toMatchObject({ target_type: 'token', via: 'http' })
      expect((await api('GET', '/stories', { token: made.secret })).status).toBe(401)
    })

    it('records a token made by the CLI path with via cli, and nothing for a refused revoke', async () => {
      await server.token('contributor')
      const rows = await auditOf('action=token.create')
      expect(rows.some((r) => r.via === 'cli' && r.after.role === 'contributor')).toBe(true)
      const before = (await auditOf('action=token.revoke')).length
      expect((await boss.api('DELETE', '/tokens/no-such-token')).status).toBe(404)
      expect(await auditOf('action=token.revoke')).toHaveLength(before)
    })
  })

  describe('a one-time password must be changed before anything else, on the server', () => {
    it('answers 403 PASSWORD_CHANGE_REQUIRED everywhere but the password change, the session and sign-out', async () => {
      const invited = await boss.api('POST', '/users', {
        body: { email: 'fresh@example.org', role: 'admin' },
      })
      expect(invited.status).toBe(201)
      const oneTime = invited.body.password as string
      const fresh = await signIn(server.url, 'fresh@example.org', oneTime)

      for (const [method, path, body] of [
        ['POST', '/tokens', { role: 'admin' }],
        ['GET', '/tokens', undefined],
        ['GET', '/users', undefined],
        ['POST', '/users', { email: 'x@example.org', role: 'admin' }],
        ['POST', '/stories', { title: 'Too early' }],
        ['GET', '/stories', undefined],
      ] as const) {
        const res = await fresh.api(method, path, { body })
        expect(res.status, `${method} ${path}`).toBe(403)
        expect(res.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
        expect(res.body.error.message).toMatch(/choose your own password/)
      }
      const me = await fresh.api('GET', '/session')
      expect(me.status).toBe(200)
      expect(me.body.user.must_change_password).toBe(true)

      const same = await fresh.api('POST', '/account/password', {
        body: { current_password: oneTime, new_password: oneTime },
      })
      expect(same.status).toBe(400)
      expect(same.body.error.code).toBe('USER_PASSWORD_WEAK')
      expect(same.body.error.message).toMatch(/differ/)
      for (const weak of ['elevenchars', 'password1234', 'qwertyuiop123']) {
        const res = await fresh.api('POST', '/account/password', {
          body: { current_password: oneTime, new_password: weak },
        })
        expect(res.status, weak).toBe(400)
        expect(res.body.error.code, weak).toBe('USER_PASSWORD_WEAK')
      }

      const changed = await fresh.api('POST', '/account/password', {
        body: { current_password: oneTime, new_password: 'lantern orbit pebble' },
      })
      expect(changed.status).toBe(204)
      const token = await fresh.api('POST', '/tokens', { body: { role: 'editor' } })
      expect(token.status).toBe(201)
    })

    it('lets a user who must change the password sign out', async () => {
      const invited = await boss.api('POST', '/users', {
        body: { email: 'leaving@example.org', role: 'editor' },
      })
      const s = await signIn(server.url, 'leaving@example.org', invited.body.password)
      expect((await s.api('DELETE', '/session')).status).toBe(204)
      expect((await s.api('GET', '/session')).status).toBe(401)
    })

    it('refuses a common or short password chosen for a new user', async () => {
      const res = await boss.api('POST', '/users', {
        body: { email: 'weak@example.org', role: 'editor', password: 'password1234' },
      })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('USER_PASSWORD_WEAK')
    })
  })

  describe('changing a password is throttled', () => {
    it('answers 429 with Retry-After after repeated wrong current passwords, even to the right one', async () => {
      await addUser('guessed@example.org', 'editor')
      const stolen = await signIn(server.url, 'guessed@example.org', password)
      const statuses: number[] = []
      let limited: JsonResponse | undefined
      for (let i = 0; i < 12; i++) {
        const res = await stolen.api('POST', '/account/password', {
          body: { current_password: `guess number ${i}`, new_password: 'lantern orbit pebble' },
        })
        statuses.push(res.status)
        if (res.status === 429) limited ??= res
      }
      expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403])
      expect(statuses.slice(5).every((status) => status === 429)).toBe(true)
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(limited!.body.error).toMatchObject({
        code: 'USER_PASSWORD_TOO_MANY_FAILURES',
        details: { retry_after_seconds: expect.any(Number) },
      })
      const right = await stolen.api('POST', '/account/password', {
        body: { current_password: password, new_password: 'lantern orbit pebble' },
      })
      expect(right.status).toBe(429)
      // Other users are not held back by one user's failures.
      const other = await signIn(server.url, 'boss@example.org', password)
      expect((await other.api('GET', '/session')).status).toBe(200)
    })
  })
})
