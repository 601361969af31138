import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliContext } from '../../src/services/action.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('draft owners on %s', (backend) => {
  let server: TestServer
  let editor: string
  /** Two contributor tokens made without a name: both are called "contributor token". */
  let first: string
  let second: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)
  const unnamedContributor = async () =>
    (await server.runtime.services.tokens.createToken(cliContext(), { role: 'contributor' })).secret
  const draft = async (token: string, headline: string) => {
    const res = await api('POST', '/stories/levee/updates', { token, body: { headline } })
    expect(res.status).toBe(201)
    return res.body as { id: string; author: string }
  }
  const stored = async (id: string) =>
    server.runtime.db.kysely
      .selectFrom('story_update')
      .select(['status', 'headline', 'version', 'created_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    first = await unnamedContributor()
    second = await unnamedContributor()
    await api('POST', '/stories', { token: editor, body: { title: 'Levee', slug: 'levee' } })
  })
  afterAll(async () => server?.close())

  it('keeps two contributors of the same name out of each other’s drafts', async () => {
    const mine = await draft(first, 'First contributor’s draft')
    const theirs = await draft(second, 'Second contributor’s draft')
    expect(mine.author).toBe('contributor token')
    expect(theirs.author).toBe('contributor token')

    const edit = await api('PATCH', `/stories/levee/updates/${mine.id}`, {
      token: second,
      headers: { 'if-match': '"1"' },
      body: { headline: 'Taken over' },
    })
    expect(edit.status).toBe(403)
    expect(edit.body.error.code).toBe('AUTH_FORBIDDEN')
    const remove = await api('DELETE', `/stories/levee/updates/${mine.id}`, { token: second })
    expect(remove.status).toBe(403)
    expect(remove.body.error.code).toBe('AUTH_FORBIDDEN')
    expect(await stored(mine.id)).toMatchObject({
      status: 'draft',
      headline: 'First contributor’s draft',
      version: 1,
    })

    const ownEdit = await api('PATCH', `/stories/levee/updates/${theirs.id}`, {
      token: second,
      headers: { 'if-match': '"1"' },
      body: { headline: 'Second contributor, edited' },
    })
    expect(ownEdit.status).toBe(200)
    const ownDelete = await api('DELETE', `/stories/levee/updates/${mine.id}`, { token: first })
    expect(ownDelete.status).toBe(200)
    expect((await stored(mine.id)).status).toBe('deleted')
    expect((await stored(theirs.id)).headline).toBe('Second contributor, edited')
  })

  it('records the token that made a draft, and lets editors change anyone’s', async () => {
    const made = await draft(first, 'Pumps running')
    expect((await stored(made.id)).created_by).toMatch(/^token:/)
    const other = await draft(second, 'Roads closed')
    expect((await stored(other.id)).created_by).not.toBe((await stored(made.id)).created_by)
    const edit = await api('PATCH', `/stories/levee/updates/${made.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { body: 'Three pumps.' },
    })
    expect(edit.status).toBe(200)
    expect(
      (await api('DELETE', `/stories/levee/updates/${other.id}`, { token: editor })).status,
    ).toBe(200)
  })

  it('leaves a draft without an owner to editors', async () => {
    const feedDraft = await server.runtime.services.updates.createUpdate(
      cliContext({ name: 'contributor token', role: 'contributor' }),
      'levee',
      { headline: 'From the wire' },
    )
    expect((await stored(feedDraft.id)).created_by).toBeNull()
    const remove = await api('DELETE', `/stories/levee/updates/${feedDraft.id}`, { token: first })
    expect(remove.status).toBe(403)
    expect(remove.body.error.code).toBe('AUTH_FORBIDDEN')
  })

  it('refuses a contributor’s byline other than their own name, and takes an editor’s', async () => {
    const other = await api('POST', '/stories/levee/updates', {
      token: first,
      body: { headline: 'Quote', author: 'Chief Editor' },
    })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('AUTH_FORBIDDEN')
    const own = await api('POST', '/stories/levee/updates', {
      token: first,
      body: { headline: 'Quote', author: 'contributor token' },
    })
    expect(own.status).toBe(201)
    const credited = await api('POST', '/stories/levee/updates', {
      token: editor,
      body: { headline: 'Agency copy', author: 'Wire service' },
    })
    expect(credited.status).toBe(201)
    expect(credited.body.author).toBe('Wire service')
  })
})
