import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('roles and tokens on %s', (backend) => {
  let server: TestServer
  let admin: string
  let editor: string
  let contributor: string
  let publishedId: string
  let draftId: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    server = await startTestServer(backend)
    admin = await server.token('admin')
    editor = await server.token('editor')
    contributor = await server.token('contributor')
    await api('POST', '/stories', { token: editor, body: { title: 'Dam breach', slug: 'dam' } })
    publishedId = (
      await api('POST', '/stories/dam/updates', {
        token: editor,
        body: { headline: 'Water rising', status: 'published' },
      })
    ).body.id
    draftId = (
      await api('POST', '/stories/dam/updates', {
        token: contributor,
        body: { headline: 'Draft note' },
      })
    ).body.id
  })
  afterAll(async () => server?.close())

  it('answers 401 without a token on every write, before reading the body', async () => {
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/stories', { title: 'x' }],
      ['PATCH', '/stories/dam', { lead: 'x' }],
      ['POST', '/stories/dam/updates', { headline: 'x' }],
      ['PATCH', `/stories/dam/updates/${publishedId}`, { headline: 'x' }],
      ['DELETE', `/stories/dam/updates/${publishedId}`, undefined],
      ['POST', '/tokens', { role: 'admin' }],
      ['GET', '/tokens', undefined],
      ['GET', '/stories/dam/export', undefined],
    ]
    for (const [method, path, body] of writes) {
      const res = await api(method, path, { body, headers: { 'if-match': '"1"' } })
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(res.body.error.code).toBe('AUTH_REQUIRED')
    }
    const invalid = await api('GET', '/stories', { token: 'sitrep_not-a-real-token' })
    expect(invalid.status).toBe(401)
    expect(invalid.body.error.code).toBe('AUTH_INVALID_TOKEN')
    const malformed = await api('GET', '/stories', { headers: { authorization: 'Basic abc' } })
    expect(malformed.status).toBe(401)
  })

  it('needs no token to read published stories and updates', async () => {
    expect((await api('GET', '/stories')).status).toBe(200)
    expect((await api('GET', '/stories/dam')).status).toBe(200)
    expect((await api('GET', `/stories/dam/updates/${publishedId}`)).status).toBe(200)
  })

  it('lets contributors write and edit drafts but not publish, pin, delete or edit what is public', async () => {
    const edit = await api('PATCH', `/stories/dam/updates/${draftId}`, {
      token: contributor,
      headers: { 'if-match': '"1"' },
      body: { body: 'More detail' },
    })
    expect(edit.status).toBe(200)
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/stories/dam/updates', { headline: 'x', status: 'published' }],
      ['POST', '/stories/dam/updates', { headline: 'x', pinned: true }],
      ['PATCH', `/stories/dam/updates/${draftId}`, { status: 'published' }],
      ['PATCH', `/stories/dam/updates/${publishedId}`, { headline: 'changed' }],
      ['DELETE', `/stories/dam/updates/${publishedId}`, undefined],
      ['POST', '/stories', { title: 'New' }],
      ['PATCH', '/stories/dam', { lead: 'changed' }],
      ['POST', '/tokens', { role: 'contributor' }],
    ]
    for (const [method, path, body] of cases) {
      const current = await api('GET', path.includes('/updates/') ? path : '/stories/dam', {
        token: editor,
      })
      const res = await api(method, path, {
        token: contributor,
        body,
        headers: { 'if-match': `"${current.body.version ?? 1}"` },
      })
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(403)
      expect(res.body.error.code).toBe('AUTH_FORBIDDEN')
    }
    const still = await api('GET', `/stories/dam/updates/${publishedId}`)
    expect(still.body.headline).toBe('Water rising')
  })

  it('lets editors publish, pin and delete but not manage tokens', async () => {
    expect((await api('POST', '/tokens', { token: editor, body: { role: 'admin' } })).status).toBe(
      403,
    )
    expect((await api('GET', '/tokens', { token: editor })).status).toBe(403)
  })

  it('lets admins create, list and revoke tokens; a revoked token stops working', async () => {
    const created = await api('POST', '/tokens', {
      token: admin,
      body: { role: 'editor', name: 'wire robot' },
    })
    expect(created.status).toBe(201)
    expect(created.body.secret).toMatch(/^sitrep_/)
    expect(created.body.token).toMatchObject({ role: 'editor', name: 'wire robot' })
    const list = await api('GET', '/tokens', { token: admin })
    expect(list.body.items.map((t: any) => t.name)).toContain('wire robot')
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret)
    const hashes = await server.runtime.db.kysely
      .selectFrom('api_token')
      .select('token_hash')
      .execute()
    expect(hashes.map((h) => h.token_hash)).not.toContain(created.body.secret)
    expect(
      (await api('POST', '/stories', { token: created.body.secret, body: { title: 'By robot' } }))
        .status,
    ).toBe(201)
    expect((await api('DELETE', `/tokens/${created.body.token.id}`, { token: admin })).status).toBe(
      204,
    )
    expect(
      (
        await api('POST', '/stories', {
          token: created.body.secret,
          body: { title: 'By robot again' },
        })
      ).status,
    ).toBe(401)
    expect((await api('DELETE', `/tokens/${created.body.token.id}`, { token: admin })).status).toBe(
      404,
    )
    expect(
      (await api('POST', '/tokens', { token: admin, body: { role: 'superuser' } })).status,
    ).toBe(400)
  })
})
