import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { Actions, cliContext } from '../../src/services/action.js'
import { FeedService } from '../../src/services/feed.service.js'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${items}</channel></rss>`
const item = (guid: string, title: string, text: string) =>
  `<item><guid>${guid}</guid><title>${title}</title><link>https://wire.example/${guid}</link><description>${text}</description></item>`

/** A local feed server: each path is one behaviour, and every request is recorded. */
function feedServer() {
  const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = []
  /** Answers to /held, sent when the test says so. */
  const held: http.ServerResponse[] = []
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/'
    seen.push({ path, headers: req.headers })
    if (path === '/wire.xml') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
      res.end(
        rss(
          item('a1', 'Levee holds at Vukovar', 'The water authority said the levee held.') +
            item('a2', 'Bridges reopen', '&lt;b&gt;Traffic&lt;/b&gt; resumed in Novi Sad.'),
        ),
      )
    } else if (path === '/json') {
      res.writeHead(200, { 'content-type': 'application/feed+json' })
      res.end(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'JSON wire',
          items: [{ id: 'j1', title: 'Dam inspected', content_text: 'Engineers found no damage.' }],
        }),
      )
    } else if (path === '/malformed') {
      res.writeHead(200).end('<rss><channel><item><title>broken')
    } else if (path === '/laughs') {
      const lol = Array.from({ length: 9 }, (_, i) =>
        i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
      ).join('')
      res
        .writeHead(200)
        .end(`<?xml version="1.0"?><!DOCTYPE rss [${lol}]>${rss(item('l1', 'Laughs', '&lol8;'))}`)
    } else if (path === '/giant-item') {
      res
        .writeHead(200)
        .end(rss(item('g1', 'Huge', 'x'.repeat(250_000)) + item('g2', 'Small', 'Fine.')))
    } else if (path === '/giant') {
      res.writeHead(200).end(rss(item('h1', 'Big', 'y'.repeat(300_000))))
    } else if (path === '/nested-item') {
      // An item whose HTML nests 20,000 elements deep, escaped as feeds carry HTML.
      res
        .writeHead(200)
        .end(rss(item('n1', 'Deep', '&lt;b&gt;'.repeat(20_000)) + item('n2', 'Flat', 'Fine.')))
    } else if (path === '/unclosed') {
      // 30,000 tags opened and never closed inside the XML itself.
      res.writeHead(200).end(rss(item('u1', 'Open', `x${'<b>'.repeat(30_000)}`)))
    } else if (path.startsWith('/loop')) {
      res.writeHead(302, { location: `/loop${seen.length}` }).end()
    } else if (path === '/held') {
      held.push(res)
    } else if (path === '/slow') {
      res.writeHead(200)
      res.write('<rss>')
      // Never finishes: the reader must give up on its own.
    } else {
      res.writeHead(404).end()
    }
  })
  return { server, seen, held }
}

describe.each(BACKENDS)('feeds in on %s', (name) => {
  let backend: Backend
  let runtime: Runtime
  let feeds: FeedService
  let base: string
  let now = new Date('2031-03-04T10:00:00Z')
  const { server, seen, held } = feedServer()

  beforeAll(async () => {
    backend = await createBackend(name)
    runtime = await boot(loadConfig({ SITREP_LOG_LEVEL: 'silent', ...backend.env }), { bus: false })
    feeds = new FeedService(runtime.db, () => now, actions(), runtime.services.imports, {
      maxBytes: 280_000,
      timeoutMs: 800,
      maxRedirects: 3,
      allowPrivateHosts: true,
    })
    await runtime.services.stories.createStory(cliContext({ name: 'test', role: 'editor' }), {
      title: 'River',
      slug: 'river',
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    server.close()
    await runtime?.close()
    await backend?.cleanup()
  })

  const editor = { name: 'desk', role: 'editor' as const }
  const desk = cliContext(editor)
  // Adding and removing feeds announces no story events.
  const actions = () =>
    new Actions(
      runtime.db,
      () => now,
      () => undefined,
    )
  const drafts = async () =>
    (await runtime.services.updates.listUpdates(editor, 'river', { status: 'draft', limit: 100 }))
      .items

  it('polls politely: drafts from new items, then a conditional request, then nothing before the interval', async () => {
    await feeds.addFeed(desk, 'river', `${base}/wire.xml`, 120)
    const [first] = await feeds.pollDue()
    expect(first).toMatchObject({ status: 'new', drafts: 2, duplicates: 0, skipped: [] })
    const headlines = (await drafts()).map((u) => u.headline).sort()
    expect(headlines).toEqual(['Bridges reopen', 'Levee holds at Vukovar'])
    expect((await drafts()).every((u) => u.status === 'draft')).toBe(true)
    // Each item waits in the inbox, its statements suggested as claims, its link the origin.
    const inbox = await runtime.services.inbox.listEntries(editor, 'river')
    expect(inbox.map((e) => e.origin).sort()).toEqual([
      'https://wire.example/a1',
      'https://wire.example/a2',
    ])
    const levee = inbox.find((e) => e.origin.endsWith('/a1'))!
    const { entry, suggestions } = await runtime.services.inbox.getEntry(editor, 'river', levee.id)
    expect(entry.text).toContain('The water authority said the levee held.')
    expect(suggestions.flatMap((x) => x.statements)).toEqual([
      expect.objectContaining({
        sourceName: 'Water Authority',
        content: expect.objectContaining({ text: 'the levee held' }),
      }),
    ])

    expect(await feeds.pollDue()).toEqual([]) // not due yet
    now = new Date(now.getTime() + 121_000)
    const [second] = await feeds.pollDue()
    expect(second).toMatchObject({ status: 'unchanged', drafts: 0 })
    expect(seen.filter((s) => s.path === '/wire.xml').at(-1)?.headers['if-none-match']).toBe('"v1"')
  })

  it('takes each item once, even when the feed is fetched again in full', async () => {
    const before = (await drafts()).length
    await feeds.addFeed(desk, 'river', `${base}/json`, 60)
    const [json] = await feeds.pollDue()
    expect(json).toMatchObject({ status: 'new', drafts: 1 })
    now = new Date(now.getTime() + 61_000)
    const again = await feeds.pollDue()
    expect(again.find((r) => r.url.endsWith('/json'))).toMatchObject({ drafts: 0, duplicates: 1 })
    expect((await drafts()).length).toBe(before + 1)
  })

  it('refuses to fetch loopback and private addresses unless allowed, and says why', async () => {
    const strict = new FeedService(runtime.db, () => now, actions(), runtime.services.imports)
    const { feed } = await strict.addFeed(desk, 'river', `${base}/private-check.xml`, 60)
    const before = seen.length
    const report = await strict.pollFeed(desk, 'river', feed.id)
    expect(report).toMatchObject({
      status: 'failed',
      error: { code: 'FEED_FETCH_FAILED', message: expect.stringMatching(/private or local/) },
    })
    expect(seen.length).toBe(before) // nothing was requested
    const metadata = await strict.addFeed(desk, 'river', 'http://169.254.169.254/latest', 60)
    expect(await strict.pollFeed(desk, 'river', metadata.feed.id)).toMatchObject({
      status: 'failed',
    })
    for (const f of [feed, metadata.feed]) await strict.removeFeed(desk, 'river', f.id)
  })

  it('reports and skips hostile feeds, backing off, and never throws', async () => {
    for (const path of ['/malformed', '/laughs', '/giant-item', '/giant', '/loop', '/slow'])
      await feeds.addFeed(desk, 'river', `${base}${path}`, 60)
    now = new Date(now.getTime() + 61_000)
    const reports = await feeds.pollDue(50)
    const by = (path: string) => reports.find((r) => r.url === `${base}${path}`)
    expect(by('/malformed')).toMatchObject({ status: 'failed', error: { code: 'FEED_INVALID' } })
    // Entity declarations are not expanded: the item arrives with the reference as text.
    expect(by('/laughs')).toMatchObject({ status: 'new', drafts: 1 })
    const laughs = (await drafts()).find((u) => u.headline === 'Laughs')
    expect(laughs?.body.length).toBeLessThan(100)
    expect(by('/giant-item')).toMatchObject({
      status: 'new',
      drafts: 1,
      skipped: [{ item: 'g1', code: 'FEED_TOO_LARGE' }],
    })
    expect(by('/giant')).toMatchObject({ status: 'failed', error: { code: 'FEED_TOO_LARGE' } })
    expect(by('/loop')).toMatchObject({
      status: 'failed',
      error: { code: 'FEED_FETCH_FAILED', message: 'More than 3 redirects' },
    })
    expect(by('/slow')).toMatchObject({ status: 'failed', error: { code: 'FEED_FETCH_FAILED' } })
    // A failed feed waits twice its interval before the next try.
    const next = new Date(by('/slow')!.next_poll_at).getTime()
    expect(next - now.getTime()).toBe(120_000)
  })

  it('refuses markup nested too deep, in an item and in the feed, keeping nothing of it', async () => {
    for (const path of ['/nested-item', '/unclosed'])
      await feeds.addFeed(desk, 'river', `${base}${path}`, 60)
    now = new Date(now.getTime() + 600_000)
    const reports = await feeds.pollDue(50)
    const by = (path: string) => reports.find((r) => r.url === `${base}${path}`)
    expect(by('/nested-item')).toMatchObject({
      status: 'new',
      drafts: 1,
      skipped: [{ item: 'n1', code: 'IMPORT_TOO_COMPLEX' }],
    })
    expect(by('/unclosed')).toMatchObject({
      status: 'failed',
      error: { code: 'FEED_INVALID', message: expect.stringMatching(/nests more than/) },
    })
    expect((await drafts()).some((u) => u.headline === 'Deep' || u.headline === 'Open')).toBe(false)
    // The refused item has no import record, so each poll reports it again instead of hiding it.
    const records = await runtime.db.kysely
      .selectFrom('import_record')
      .select('origin')
      .where('origin', 'in', ['n1', 'u1'])
      .execute()
    expect(records).toEqual([])
  })

  it('joins a poll already running instead of fetching the feed twice', async () => {
    const { feed } = await feeds.addFeed(desk, 'river', `${base}/held`, 60)
    const fetches = () => seen.filter((s) => s.path === '/held').length
    const first = feeds.pollFeed(desk, 'river', feed.id)
    await vi.waitFor(() => expect(fetches()).toBe(1))
    // While the feed has not answered, a second check and the timer's round join the first poll.
    const others = Promise.all([feeds.pollFeed(desk, 'river', feed.id), feeds.pollDue(50)])
    await new Promise((resolve) => setTimeout(resolve, 500))
    held
      .shift()!
      .writeHead(200)
      .end(rss(item('h1', 'Held back', 'It came late.')))
    const [report, [again, round]] = await Promise.all([first, others])
    expect(report).toMatchObject({ status: 'new', drafts: 1 })
    expect(again).toBe(report)
    expect(round.find((r) => r.feed === feed.id)).toBe(report)
    expect(fetches()).toBe(1)
  })

  it('refuses an address that is not http(s)', async () => {
    await expect(feeds.addFeed(desk, 'river', 'file:///etc/passwd')).rejects.toMatchObject({
      code: 'FEED_URL_INVALID',
    })
  })
})
