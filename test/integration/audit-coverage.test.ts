/**
 * Every mutating operation of the served OpenAPI document, performed once over HTTP as a user
 * would: each success leaves exactly one audit row naming what changed. A new mutating route
 * without a case here fails the first test, so nothing joins the API unaudited.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request, type JsonResponse } from '../helpers/http.js'
import { realPng } from '../helpers/images.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const FIXTURE = fs.readFileSync(
  new URL('../fixtures/import/river-crisis-2031-03-04.txt', import.meta.url),
  'utf8',
)

/** Operations that change nothing anyone audits, with the reason. */
const NOT_CHANGES: Record<string, string> = {
  'PUT /api/v1/stories/{slug}/presence': 'who is looking at a story: transient, kept in memory',
}

interface Row {
  id: string
  action: string
  target_type: string
  target_id: string
}

interface Case {
  /** What the one audit row's action starts with. */
  action: string
  targetType: string
  run(): Promise<JsonResponse>
}

describe.each(BACKENDS)('audit coverage on %s', (backend) => {
  let server: TestServer
  let admin: string
  let editor: string
  let desk: DeskSession
  const ids: Record<string, string> = {}
  const seen = new Set<string>()
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, body, headers })
  const asAdmin = (method: string, path: string, body?: unknown) =>
    request(server.url, method, `/api/v1${path}`, { token: admin, body })
  const etagOf = async (path: string) => (await api('GET', path)).headers.get('etag') ?? ''

  const newRows = async (): Promise<Row[]> => {
    const res = await asAdmin('GET', '/audit?limit=200')
    expect(res.status, res.text).toBe(200)
    const fresh = (res.body.items as Row[]).filter((row) => !seen.has(row.id))
    for (const row of fresh) seen.add(row.id)
    return fresh
  }

  /** A valid request for each mutating operation, in an order where each finds what it needs. */
  const cases: Record<string, Case> = {
    'POST /api/v1/stories': {
      action: 'story.create',
      targetType: 'story',
      run: () => api('POST', '/stories', { title: 'Audit trail', slug: 'trail' }),
    },
    'PATCH /api/v1/stories/{slug}': {
      action: 'story.',
      targetType: 'story',
      run: async () =>
        api(
          'PATCH',
          '/stories/trail',
          { lead: 'New lead.' },
          {
            'if-match': await etagOf('/stories/trail'),
          },
        ),
    },
    'POST /api/v1/stories/{slug}/updates': {
      action: 'update.',
      targetType: 'update',
      run: async () => {
        const res = await api('POST', '/stories/trail/updates', {
          headline: 'Roads closed',
          body: 'Police said the roads were closed.',
          status: 'published',
        })
        ids.update = res.body.id
        return res
      },
    },
    'PATCH /api/v1/stories/{slug}/updates/{id}': {
      action: 'update.',
      targetType: 'update',
      run: async () =>
        api(
          'PATCH',
          `/stories/trail/updates/${ids.update}`,
          { headline: 'Roads still closed' },
          {
            'if-match': await etagOf(`/stories/trail/updates/${ids.update}`),
          },
        ),
    },
    'POST /api/v1/media': {
      action: 'media.',
      targetType: 'media',
      run: async () =>
        request(server.url, 'POST', '/api/v1/media', {
          token: editor,
          raw: await realPng(64, 48),
          headers: { 'content-type': 'image/png', 'x-file-name': 'map.png' },
        }),
    },
    'POST /api/v1/sources': {
      action: 'source.create',
      targetType: 'source',
      run: async () => {
        const res = await api('POST', '/sources', { name: 'River Authority', kind: 'government' })
        ids.source = res.body.id
        return res
      },
    },
    'PATCH /api/v1/sources/{id}': {
      action: 'source.edit',
      targetType: 'source',
      run: async () =>
        api(
          'PATCH',
          `/sources/${ids.source}`,
          { affiliation: 'Region' },
          {
            'if-match': await etagOf(`/sources/${ids.source}`),
          },
        ),
    },
    'POST /api/v1/sources/{id}/merge': {
      action: 'source.merge',
      targetType: 'source',
      run: async () => {
        const dup = await api('POST', '/sources', { name: 'The River Authority' })
        await newRows()
        return api('POST', `/sources/${dup.body.id}/merge`, { into: ids.source })
      },
    },
    'POST /api/v1/stories/{slug}/claims': {
      action: 'claim.create',
      targetType: 'claim',
      run: async () => {
        const res = await api('POST', '/stories/trail/claims', { proposition: 'The dam holds' })
        ids.claim = res.body.id
        return res
      },
    },
    'PUT /api/v1/stories/{slug}/claims/{id}': {
      action: 'claim.link',
      targetType: 'claim',
      run: async () => {
        await api('POST', '/stories', { title: 'Second front', slug: 'second' })
        await newRows()
        return api('PUT', `/stories/second/claims/${ids.claim}`)
      },
    },
    'PATCH /api/v1/claims/{id}': {
      action: 'claim.',
      targetType: 'claim',
      run: async () =>
        api(
          'PATCH',
          `/claims/${ids.claim}`,
          { status: 'contested', note: 'Two sides.' },
          {
            'if-match': await etagOf(`/claims/${ids.claim}`),
          },
        ),
    },
    'POST /api/v1/claims/{id}/attributions': {
      action: 'attribution.add',
      targetType: 'attribution',
      run: async () => {
        const res = await api('POST', `/claims/${ids.claim}/attributions`, {
          source: { name: 'River Authority' },
          stance: 'asserts',
          quote: 'the dam holds',
        })
        ids.attribution = res.body.id
        return res
      },
    },
    'PATCH /api/v1/attributions/{id}': {
      action: 'attribution.correct',
      targetType: 'attribution',
      run: async () =>
        api(
          'PATCH',
          `/attributions/${ids.attribution}`,
          { stance: 'assesses_likely', reason: 'Hedged.' },
          {
            'if-match': await etagOf(`/attributions/${ids.attribution}`),
          },
        ),
    },
    'POST /api/v1/attributions/{id}/withdraw': {
      action: 'attribution.withdraw',
      targetType: 'attribution',
      run: () => api('POST', `/attributions/${ids.attribution}/withdraw`, { reason: 'Mistake.' }),
    },
    'POST /api/v1/claims/{id}/merge': {
      action: 'claim.merge',
      targetType: 'claim',
      run: async () => {
        const dup = await api('POST', '/stories/trail/claims', {
          proposition: 'The dam is holding',
        })
        await newRows()
        return api('POST', `/claims/${dup.body.id}/merge`, { into: ids.claim })
      },
    },
    'POST /api/v1/stories/{slug}/imports': {
      action: 'import.',
      targetType: '',
      run: async () => {
        const res = await api('POST', '/stories/trail/imports', {
          text: FIXTURE,
          file_name: 'r.txt',
        })
        ids.entry = res.body.imported?.[0]?.entry_id
        return res
      },
    },
    'POST /api/v1/stories/{slug}/inbox/{entry}/drafts/{update}': {
      action: 'inbox.',
      targetType: '',
      run: async () => {
        const entry = await api('GET', `/stories/trail/inbox/${ids.entry}`)
        const draft = entry.body.drafts[0]
        return api(
          'POST',
          `/stories/trail/inbox/${ids.entry}/drafts/${draft.update_id}`,
          {
            action: 'reject',
          },
          { 'if-match': `"${draft.update.version}"` },
        )
      },
    },
    'POST /api/v1/stories/{slug}/inbox/{entry}/suggestions/{suggestion}': {
      action: 'inbox.',
      targetType: '',
      run: async () => {
        const entry = await api('GET', `/stories/trail/inbox/${ids.entry}`)
        const suggestion = entry.body.suggestions[0]
        return api('POST', `/stories/trail/inbox/${ids.entry}/suggestions/${suggestion.id}`, {
          action: 'reject',
        })
      },
    },
    'POST /api/v1/stories/{slug}/feeds': {
      action: 'feed.add',
      targetType: 'feed',
      run: async () => {
        const res = await api('POST', '/stories/trail/feeds', {
          url: 'http://127.0.0.1:9/wire.xml',
          interval_seconds: 3600,
        })
        ids.feed = res.body.id
        return res
      },
    },
    'POST /api/v1/stories/{slug}/feeds/{id}/poll': {
      action: 'feed.',
      targetType: 'feed',
      run: () => api('POST', `/stories/trail/feeds/${ids.feed}/poll`),
    },
    'DELETE /api/v1/stories/{slug}/feeds/{id}': {
      action: 'feed.remove',
      targetType: 'feed',
      run: () => api('DELETE', `/stories/trail/feeds/${ids.feed}`),
    },
    'DELETE /api/v1/stories/{slug}/updates/{id}': {
      action: 'update.delete',
      targetType: 'update',
      run: async () =>
        api('DELETE', `/stories/trail/updates/${ids.update}`, undefined, {
          'if-match': await etagOf(`/stories/trail/updates/${ids.update}`),
        }),
    },
    'POST /api/v1/tokens': {
      action: 'token.create',
      targetType: 'token',
      run: async () => {
        const res = await asAdmin('POST', '/tokens', { role: 'contributor', name: 'wire desk' })
        ids.token = res.body.id ?? res.body.token?.id
        return res
      },
    },
    'DELETE /api/v1/tokens/{id}': {
      action: 'token.revoke',
      targetType: 'token',
      run: () => asAdmin('DELETE', `/tokens/${ids.token}`),
    },
    'POST /api/v1/users': {
      action: 'user.',
      targetType: 'user',
      run: async () => {
        const res = await asAdmin('POST', '/users', {
          email: 'ana@example.org',
          role: 'editor',
          password: 'a long river of words',
        })
        ids.user = res.body.id ?? res.body.user?.id
        return res
      },
    },
    'PATCH /api/v1/users/{id}': {
      action: 'user.',
      targetType: 'user',
      run: () => asAdmin('PATCH', `/users/${ids.user}`, { display_name: 'Ana' }),
    },
    'POST /api/v1/session': {
      action: 'session.',
      targetType: '',
      run: async () => {
        const res = await request(server.url, 'POST', '/api/v1/session', {
          body: { email: 'ana@example.org', password: 'a long river of words' },
        })
        desk = await signIn(server.url, 'ana@example.org', 'a long river of words')
        // The second sign-in is the desk's own; its row is not this case's.
        const rows = await newRows()
        expect(rows).toHaveLength(2)
        seen.delete(rows[1]!.id)
        return res
      },
    },
    'POST /api/v1/account/password': {
      action: '',
      targetType: 'user',
      run: () =>
        desk.api('POST', '/account/password', {
          body: {
            current_password: 'a long river of words',
            new_password: 'quiet harbour at dawn',
          },
        }),
    },
    'DELETE /api/v1/session': {
      action: 'session.',
      targetType: '',
      run: () => desk.api('DELETE', '/session'),
    },
    'POST /api/v1/users/{id}/password-reset': {
      action: '',
      targetType: 'user',
      run: () => asAdmin('POST', `/users/${ids.user}/password-reset`),
    },
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    admin = await server.token('admin')
    editor = await server.token('editor')
    await newRows()
  })
  afterAll(async () => server?.close())

  it('has a case for every mutating operation of the served document', async () => {
    const doc = (await request(server.url, 'GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>
    }
    const mutating = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    const missing = mutating.filter((op) => !(op in cases) && !(op in NOT_CHANGES))
    expect(missing).toEqual([])
  })

  it('leaves exactly one audit row for each change', async () => {
    const wrong: string[] = []
    for (const [op, c] of Object.entries(cases)) {
      let res: JsonResponse
      try {
        res = await c.run()
      } catch (error) {
        wrong.push(`${op}: could not be performed (${String(error)})`)
        await newRows()
        continue
      }
      if (res.status >= 300) {
        wrong.push(`${op}: answered ${res.status} ${res.text.slice(0, 160)}`)
        await newRows()
        continue
      }
      const rows = await newRows()
      const ok =
        rows.length === 1 &&
        rows[0]!.action.startsWith(c.action) &&
        (c.targetType === '' || rows[0]!.target_type === c.targetType)
      if (!ok)
        wrong.push(`${op}: rows ${JSON.stringify(rows.map((r) => [r.action, r.target_type]))}`)
    }
    expect(wrong).toEqual([])
  })
})
