import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('authentication hardening on %s', (backend) => {
  let server: TestServer
  let boss: DeskSession
  const password = 'correct horse battery'
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  const addUser = (email: string, role: 'contributor' | 'editor' | 'admin', pw = password) =>
    server.runtime.services.users.createUser(undefined, { email, role, password: pw })

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
})
