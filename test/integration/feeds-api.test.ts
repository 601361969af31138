/** The feeds a story follows, over real HTTP on every backend: list, add, check now, remove, who may. */
import { cliContext } from '../../src/services/action.js'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w1</guid><title>Levee holds at Vukovar</title><description>The water authority said the levee held.</description></item>
<item><guid>w2</guid><title>Bridges reopen</title><description>Traffic resumed in Novi Sad.</description></item>
</channel></rss>`

/** A local feed: /wire.xml answers with two items, anything else with 404. */
function feedServer(): http.Server {
  return http.createServer((req, res) => {
    if (req.url === '/wire.xml')
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS)
    else res.writeHead(404).end()
  })
}

const PASSWORD = 'correct horse battery'

describe.each(BACKENDS)('feeds API on %s', (backend) => {
  let server: TestServer
  let editor: string
  let contributor: string
  let desk: DeskSession
  let feeds: http.Server
  let base: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    feeds = feedServer()
    await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`
    server = await startTestServer(backend)
    editor = await server.token('editor')
    contributor = await server.token('contributor')
    for (const slug of ['river', 'other'])
      expect(
        (await api('POST', '/stories', { token: editor, body: { title: slug, slug } })).status,
      ).toBe(201)
    await server.runtime.services.users.createUser(cliContext(), {
      email: 'desk@example.org',
      role: 'editor',
      password: PASSWORD,
      displayName: 'Desk Editor',
    })
    desk = await signIn(server.url, 'desk@example.org', PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await new Promise((resolve) => feeds?.close(resolve))
  })

  it('lists nothing for a story that follows no feed', async () => {
    const res = await api('GET', '/stories/river/feeds', { token: contributor })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ items: [] })
  })

  let feedId: string

  it('adds a feed (201), and answers 200 with the same feed when it is added again', async () => {
    const res = await desk.api('POST', '/stories/river/feeds', {
      body: { url: `${base}/wire.xml`, interval_seconds: 120 },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      url: `${base}/wire.xml`,
      interval_seconds: 120,
      status: 'pending',
      last_error: null,
      failures: 0,
      last_polled_at: null,
      drafts_made: 0,
      created_by: 'Desk Editor',
    })
    expect(res.body).not.toHaveProperty('etag')
    feedId = res.body.id
    expect(res.headers.get('location')).toBe(`/api/v1/stories/river/feeds/${feedId}`)

    const again = await api('POST', '/stories/river/feeds', {
      token: editor,
      body: { url: `${base}/wire.xml`, interval_seconds: 600 },
    })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: feedId, interval_seconds: 120 })

    const list = await api('GET', '/stories/river/feeds', { token: contributor })
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([feedId])
    expect((await api('GET', '/stories/other/feeds', { token: editor })).body.items).toEqual([])
  })

  it('refuses an address that is not an absolute http(s) URL with FEED_URL_INVALID', async () => {
    for (const url of ['not a url', 'file:///etc/passwd', 'javascript:alert(1)', '']) {
      const res = await api('POST', '/stories/river/feeds', { token: editor, body: { url } })
      expect(res.status, url).toBe(400)
      expect(res.body.error.code).toBe('FEED_URL_INVALID')
      expect(res.text).not.toMatch(/at \w+ \(|node_modules/)
    }
    const slow = await api('POST', '/stories/river/feeds', {
      token: editor,
      body: { url: `${base}/other.xml`, interval_seconds: 5 },
    })
    expect(slow.status).toBe(400)
    expect(slow.body.error.code).toBe('REQUEST_VALIDATION_FAILED')
  })

  it('checks a feed now and shows the outcome on the list', async () => {
    const res = await desk.api('POST', `/stories/river/feeds/${feedId}/poll`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ feed: feedId, status: 'new', skipped: [] })
    // The server's own timer may have taken the items first; either way each is taken once.
    expect(res.body.drafts + res.body.duplicates).toBe(2)
    const [feed] = (await api('GET', '/stories/river/feeds', { token: contributor })).body.items
    expect(feed).toMatchObject({ status: 'ok', failures: 0, last_error: null, drafts_made: 2 })
    expect(feed.last_polled_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(Date.parse(feed.next_poll_at)).toBeGreaterThan(Date.parse(feed.last_polled_at))
  })

  it('records a failing feed on the list with its error and failure count', async () => {
    const added = await api('POST', '/stories/river/feeds', {
      token: editor,
      body: { url: `${base}/gone.xml` },
    })
    expect(added.status).toBe(201)
    const res = await api('POST', `/stories/river/feeds/${added.body.id}/poll`, { token: editor })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'failed',
      drafts: 0,
      error: { code: 'FEED_FETCH_FAILED', message: 'HTTP 404' },
    })
    const list = (await api('GET', '/stories/river/feeds', { token: editor })).body.items
    expect(list.find((f: { id: string }) => f.id === added.body.id)).toMatchObject({
      status: 'failing',
      failures: 1,
      last_error: 'FEED_FETCH_FAILED: HTTP 404',
    })
    expect(
      (await api('DELETE', `/stories/river/feeds/${added.body.id}`, { token: editor })).status,
    ).toBe(204)
  })

  it('removes a feed: no longer listed or polled, and the drafts it made stay', async () => {
    const draftsBefore = (
      await api('GET', '/stories/river/updates?status=draft&limit=100', { token: editor })
    ).body.items.length
    expect(draftsBefore).toBe(2)

    const res = await desk.api('DELETE', `/stories/river/feeds/${feedId}`)
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect((await api('GET', '/stories/river/feeds', { token: editor })).body.items).toEqual([])
    const gone = await api('DELETE', `/stories/river/feeds/${feedId}`, { token: editor })
    expect(gone.status).toBe(404)
    expect(gone.body.error.code).toBe('FEED_NOT_FOUND')
    expect(
      (await api('POST', `/stories/river/feeds/${feedId}/poll`, { token: editor })).body.error.code,
    ).toBe('FEED_NOT_FOUND')

    const reports = await server.runtime.services.feeds.pollDue(100)
    expect(reports.map((r) => r.feed)).not.toContain(feedId)
    const draftsAfter = (
      await api('GET', '/stories/river/updates?status=draft&limit=100', { token: editor })
    ).body.items
    expect(draftsAfter).toHaveLength(draftsBefore)
  })

  it('records adding, checking and removing a feed in the audit log', async () => {
    const admin = await server.token('admin')
    const log = await api('GET', `/audit?story=river&action=feed.`, { token: admin })
    expect(log.status).toBe(200)
    const mine = log.body.items.filter(
      (e: { target_id: string }) => e.target_id === feedId,
    ) as Array<{ action: string; actor: string; before: unknown; after: unknown }>
    expect(mine.map((e) => e.action).sort()).toEqual(['feed.add', 'feed.check', 'feed.remove'])
    const removed = mine.find((e) => e.action === 'feed.remove')!
    expect(removed.before).toMatchObject({ id: feedId, url: `${base}/wire.xml` })
    expect(removed.actor).toBe('Desk Editor')
  })

  it('keeps a feed to its own story and answers 404 for an unknown story', async () => {
    const added = await api('POST', '/stories/other/feeds', {
      token: editor,
      body: { url: `${base}/wire.xml` },
    })
    expect(added.status).toBe(201)
    const wrong = await api('DELETE', `/stories/river/feeds/${added.body.id}`, { token: editor })
    expect(wrong.status).toBe(404)
    expect(wrong.body.error.code).toBe('FEED_NOT_FOUND')
    const missing = await api('GET', '/stories/nowhere/feeds', { token: editor })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('STORY_NOT_FOUND')
    expect(
      (await api('POST', '/stories/nowhere/feeds', { token: editor, body: { url: base } })).body
        .error.code,
    ).toBe('STORY_NOT_FOUND')
  })

  it('lets contributors read the list but not add, remove or check feeds (403)', async () => {
    const [feed] = (await api('GET', '/stories/other/feeds', { token: contributor })).body.items
    const attempts = [
      api('POST', '/stories/other/feeds', { token: contributor, body: { url: `${base}/x.xml` } }),
      api('DELETE', `/stories/other/feeds/${feed.id}`, { token: contributor }),
      api('POST', `/stories/other/feeds/${feed.id}/poll`, { token: contributor }),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('AUTH_FORBIDDEN')
    }
    expect((await api('GET', '/stories/other/feeds', { token: editor })).body.items).toHaveLength(1)
  })

  it('answers 401 to callers who are not signed in, and 403 to desk writes without CSRF', async () => {
    const [feed] = (await api('GET', '/stories/other/feeds', { token: editor })).body.items
    for (const [method, path] of [
      ['GET', '/stories/other/feeds'],
      ['POST', '/stories/other/feeds'],
      ['DELETE', `/stories/other/feeds/${feed.id}`],
      ['POST', `/stories/other/feeds/${feed.id}/poll`],
    ] as const) {
      const res = await api(method, path, method === 'POST' ? { body: { url: base } } : {})
      expect(res.status, `${method} ${path}`).toBe(401)
      expect(res.body.error.code).toBe('AUTH_REQUIRED')
    }
    const noCsrf = await desk.api('DELETE', `/stories/other/feeds/${feed.id}`, { csrf: false })
    expect(noCsrf.status).toBe(403)
    expect(noCsrf.body.error.code).toBe('AUTH_CSRF_INVALID')
    const add = await desk.api('POST', '/stories/other/feeds', {
      body: { url: `${base}/y.xml` },
      csrf: false,
    })
    expect(add.body.error.code).toBe('AUTH_CSRF_INVALID')
    expect((await api('GET', '/stories/other/feeds', { token: editor })).body.items).toHaveLength(1)
  })
})
