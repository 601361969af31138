import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, sessionCookieOf, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('desk accounts and sessions on %s', (backend) => {
  let server: TestServer
  let admin: DeskSession
  const password = 'correct horse battery'

  const addUser = (email: string, role: 'contributor' | 'editor' | 'admin', pw = password) =>
    server.runtime.services.users.createUser(cliContext(), { email, role, password: pw })

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_LOGIN_MAX_FAILURES: '10' })
    await addUser('admin@example.org', 'admin')
    await addUser('editor@example.org', 'editor')
    await addUser('contrib@example.org', 'contributor')
    admin = await signIn(server.url, 'admin@example.org', password)
  })
  afterAll(async () => server?.close())

  it('signs in with 200, an HttpOnly SameSite=Lax cookie and a CSRF token; 401 on a wrong password', async () => {
    const ok = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'Editor@Example.org', password },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.user).toMatchObject({ email: 'editor@example.org', role: 'editor' })
    expect(ok.body.csrf_token).toMatch(/^[\w-]{40,}$/)
    const setCookie = ok.headers.getSetCookie().join('\n')
    expect(setCookie).toMatch(/sitrep_session=[\w-]{40,}/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toMatch(/Secure/i) // plain HTTP, no trusted proxy
    expect(JSON.stringify(ok.body)).not.toMatch(/argon2|password_hash/)

    const wrong = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'editor@example.org', password: 'not the password' },
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS')
    const unknown = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'nobody@example.org', password },
    })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.message).toBe(wrong.body.error.message)
  })

  it('marks the cookie Secure only when TLS is reported by a trusted proxy', async () => {
    const untrusted = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'editor@example.org', password },
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(untrusted.headers.getSetCookie().join()).not.toMatch(/Secure/i)
    const proxied = await startTestServer(backend, { SITREP_TRUST_PROXY: '1' })
    try {
      await proxied.runtime.services.users.createUser(cliContext(), {
        email: 'e@example.org',
        role: 'editor',
        password,
      })
      const res = await request(proxied.url, 'POST', '/api/v1/session', {
        body: { email: 'e@example.org', password },
        headers: { 'x-forwarded-proto': 'https' },
      })
      expect(res.headers.getSetCookie().join()).toMatch(/Secure/)
    } finally {
      await proxied.close()
    }
  })

  it('acts with the session: GET /session, writes with the CSRF token as the user', async () => {
    const editor = await signIn(server.url, 'editor@example.org', password)
    const me = await editor.api('GET', '/session')
    expect(me.status).toBe(200)
    expect(me.body.csrf_token).toBe(editor.csrf)
    const story = await editor.api('POST', '/stories', { body: { title: 'Flood', slug: 'flood' } })
    expect(story.status).toBe(201)
    const update = await editor.api('POST', '/stories/flood/updates', {
      body: { headline: 'Levee holds', status: 'published' },
    })
    expect(update.status).toBe(201)
    expect(update.body.author).toBe('editor')
  })

  it('refuses a state-changing request with a missing or wrong CSRF token (403)', async () => {
    const editor = await signIn(server.url, 'editor@example.org', password)
    const missing = await editor.api('POST', '/stories', { body: { title: 'x' }, csrf: false })
    expect(missing.status).toBe(403)
    expect(missing.body.error.code).toBe('AUTH_CSRF_INVALID')
    const wrong = await editor.api('POST', '/stories', {
      body: { title: 'x' },
      csrf: 'a'.repeat(43),
    })
    expect(wrong.status).toBe(403)
    const otherSessions = await editor.api('DELETE', '/session', { csrf: admin.csrf })
    expect(otherSessions.status).toBe(403)
    // Reads need none; bearer requests are not cookie-authenticated and need none either.
    expect((await editor.api('GET', '/session', { csrf: false })).status).toBe(200)
    const token = await server.token('editor')
    const bearer = await request(server.url, 'POST', '/api/v1/stories', {
      token,
      body: { title: 'By token', slug: 'by-token' },
    })
    expect(bearer.status).toBe(201)
  })

  it('prevents session fixation: a planted cookie is replaced by a new id at sign-in', async () => {
    const first = await signIn(server.url, 'editor@example.org', password)
    const planted = 'sitrep_session=attacker-chosen-value-0123456789abcdefghij'
    const res = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'editor@example.org', password },
      headers: { cookie: planted },
    })
    expect(res.status).toBe(200)
    const issued = sessionCookieOf(res)
    expect(issued).toBeDefined()
    expect(issued).not.toBe(planted)
    expect(issued).not.toBe(first.cookie)
    // Signing in again with a live session cookie ends that session: it cannot be reused.
    const again = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'editor@example.org', password },
      headers: { cookie: first.cookie },
    })
    expect(sessionCookieOf(again)).not.toBe(first.cookie)
    const old = await first.api('GET', '/session')
    expect(old.status).toBe(401)
  })

  it('stores only a hash of the session id', async () => {
    const s = await signIn(server.url, 'contrib@example.org', password)
    const value = s.cookie.split('=')[1]!
    const rows = await server.runtime.db.kysely
      .selectFrom('user_session')
      .select('id_hash')
      .execute()
    expect(rows.some((r) => r.id_hash === value)).toBe(false)
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true)
  })

  it('rate-limits a client after 10 wrong passwords with 429 and Retry-After', async () => {
    await addUser('target@example.org', 'editor')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const res = await request(server.url, 'POST', '/api/v1/session', {
        body: { email: 'target@example.org', password: `guess ${i}` },
      })
      statuses.push(res.status)
      if (res.status === 429) {
        expect(res.body.error.code).toBe('AUTH_TOO_MANY_FAILURES')
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      }
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses[10]).toBe(429)
    // Even the right password waits now.
    const right = await request(server.url, 'POST', '/api/v1/session', {
      body: { email: 'target@example.org', password },
    })
    expect(right.status).toBe(429)
  })

  it('signs out: the session stops working on the server, not just in the browser', async () => {
    const s = await signIn(server.url, 'contrib@example.org', password)
    const out = await s.api('DELETE', '/session')
    expect(out.status).toBe(204)
    expect(out.headers.getSetCookie().join()).toMatch(/sitrep_session=;/)
    expect((await s.api('GET', '/session')).status).toBe(401)
    const write = await s.api('POST', '/stories/flood/updates', { body: { headline: 'x' } })
    expect(write.status).toBe(401)
  })

  it('changes a password: old one refused, other sessions end, this one goes on', async () => {
    await addUser('changer@example.org', 'editor')
    const a = await signIn(server.url, 'changer@example.org', password)
    const b = await signIn(server.url, 'changer@example.org', password)
    const wrong = await a.api('POST', '/account/password', {
      body: { current_password: 'nope nope', new_password: 'a brand new secret' },
    })
    expect(wrong.status).toBe(403)
    const weak = await a.api('POST', '/account/password', {
      body: { current_password: password, new_password: 'short' },
    })
    expect(weak.status).toBe(400)
    const ok = await a.api('POST', '/account/password', {
      body: { current_password: password, new_password: 'a brand new secret' },
    })
    expect(ok.status).toBe(204)
    expect((await a.api('GET', '/session')).status).toBe(200)
    expect((await b.api('GET', '/session')).status).toBe(401)
    await expect(signIn(server.url, 'changer@example.org', password)).rejects.toThrow(/401/)
    await signIn(server.url, 'changer@example.org', 'a brand new secret')
  })

  it("stops a deactivated user's session at once, and lets admins manage users", async () => {
    const created = await admin.api('POST', '/users', {
      body: { email: 'invitee@example.org', role: 'contributor' },
    })
    expect(created.status).toBe(201)
    expect(created.body.password).toHaveLength(20)
    expect(created.body.user.must_change_password).toBe(true)
    const invitee = await signIn(server.url, 'invitee@example.org', created.body.password)
    expect((await invitee.api('GET', '/session')).status).toBe(200)

    const promoted = await admin.api('PATCH', `/users/${created.body.user.id}`, {
      body: { role: 'editor' },
    })
    expect(promoted.body.role).toBe('editor')
    expect((await invitee.api('GET', '/session')).body.user.role).toBe('editor')

    const off = await admin.api('PATCH', `/users/${created.body.user.id}`, {
      body: { active: false },
    })
    expect(off.status).toBe(200)
    expect(off.body.active).toBe(false)
    expect((await invitee.api('GET', '/session')).status).toBe(401)
    const write = await invitee.api('POST', '/stories', { body: { title: 'After' } })
    expect(write.status).toBe(401)
    await expect(signIn(server.url, 'invitee@example.org', created.body.password)).rejects.toThrow(
      /401/,
    )
  })

  it('keeps user management and the audit log to admins', async () => {
    const editor = await signIn(server.url, 'editor@example.org', password)
    expect((await editor.api('GET', '/users')).status).toBe(403)
    expect((await editor.api('GET', '/audit')).status).toBe(403)
    const dup = await admin.api('POST', '/users', {
      body: { email: 'editor@example.org', role: 'admin' },
    })
    expect(dup.status).toBe(409)
    const me = (await admin.api('GET', '/session')).body.user
    const last = await admin.api('PATCH', `/users/${me.id}`, { body: { active: false } })
    expect(last.status).toBe(409)
    expect(last.body.error.code).toBe('USER_LAST_ADMIN')
  })

  it('records every action in the audit log with before and after, filterable', async () => {
    const editor = await signIn(server.url, 'editor@example.org', password)
    const created = await editor.api('POST', '/stories/flood/updates', {
      body: { headline: 'Audit me', status: 'published' },
    })
    const edited = await editor.api('PATCH', `/stories/flood/updates/${created.body.id}`, {
      body: { headline: 'Audited' },
      headers: { 'if-match': '"1"' },
    })
    expect(edited.status).toBe(200)
    const log = await admin.api('GET', `/audit?action=update.edit&target=${created.body.id}`)
    expect(log.status).toBe(200)
    expect(log.body.items).toHaveLength(1)
    expect(log.body.items[0]).toMatchObject({
      actor: 'editor',
      actor_role: 'editor',
      action: 'update.edit',
      story: 'flood',
      before: { headline: 'Audit me', version: 1 },
      after: { headline: 'Audited', version: 2 },
    })
    const users = await admin.api('GET', '/audit?action=user.')
    expect(users.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.role_change', 'user.deactivate']),
    )
    const failed = await admin.api('GET', '/audit?action=session.sign_in_failed')
    expect(failed.body.items.length).toBeGreaterThan(0)
    const tokens = await admin.api('GET', '/audit?action=token.')
    expect(JSON.stringify(tokens.body)).not.toMatch(/sitrep_/)
  })
})
