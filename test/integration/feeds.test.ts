/** Atom and JSON Feed over real HTTP on every backend: valid for real feed readers, same updates as the page, safe. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { parseDocument } from 'htmlparser2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliContext } from '../../src/services/action.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { liveMarkupViolations } from '../helpers/markup-safety.js'
import {
  HOSTILE,
  STORY,
  UPDATES,
  hostileUpdate,
  publish,
  seedStory,
} from '../helpers/reader-fixtures.js'

const PYTHON = '/usr/bin/python3'

/** Debian's python3-feedparser, the parser many feed readers build on, when it is installed. */
const hasFeedparser = (): boolean => {
  if (!fs.existsSync(PYTHON)) return false
  try {
    execFileSync(PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function feedparse(xml: string): any {
  const script = [
    'import sys, json, feedparser',
    'd = feedparser.parse(sys.stdin.buffer.read())',
    'print(json.dumps({"bozo": d.bozo, "bozo_exception": str(d.get("bozo_exception", "")), "version": d.version,',
    ' "title": d.feed.get("title"), "link": d.feed.get("link"),',
    ' "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),',
    '   "content": (e.get("content") or [{}])[0].get("value"), "published": e.get("published"),',
    '   "updated": e.get("updated"), "author": e.get("author")} for e in d.entries]}))',
  ].join('\n')
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: xml }).toString('utf8'))
}

/** Atom entries read with a strict XML parser: the text of each element, as a reader gets it. */
function atomEntries(xml: string): Array<Record<string, string>> {
  const doc = parseDocument(xml, { xmlMode: true })
  const text = (node: any): string =>
    (node.children ?? []).map((c: any) => (c.type === 'text' ? c.data : text(c))).join('')
  const feed = doc.children.find((n: any) => n.name === 'feed') as any
  expect(feed, 'an Atom <feed> root').toBeDefined()
  return feed.children
    .filter((n: any) => n.name === 'entry')
    .map((entry: any) =>
      Object.fromEntries(
        entry.children.filter((c: any) => c.type === 'tag').map((c: any) => [c.name, text(c)]),
      ),
    )
}

/** What a reader sees of an HTML string: its text, entities decoded. */
const htmlText = (html: string): string => {
  const text = (node: any): string =>
    node.type === 'text' ? node.data : (node.children ?? []).map(text).join('')
  return text(parseDocument(html))
}

const pageUpdateIds = (html: string): string[] =>
  [...html.matchAll(/<article [^>]*data-id="([\w-]+)"/g)].map((m) => m[1]!)

describe.each(BACKENDS)('feeds (%s)', (backend) => {
  let server: TestServer
  let token: string
  let ids: string[]

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_PUBLIC_URL: 'https://live.example.test' })
    token = await server.token('editor')
    ids = await seedStory(server.url, token)
  })
  afterAll(() => server?.close())

  it('serves Atom that a real feed parser reads, with the same updates as the page', async () => {
    const res = await request(server.url, 'GET', `/stories/${STORY.slug}/feed.atom`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const entries = atomEntries(res.text)
    const permalink = (id: string) =>
      `https://live.example.test/stories/${STORY.slug}/updates/${id}`
    expect(entries.map((e) => e.id)).toEqual([...ids].reverse().map(permalink))
    const page = await request(server.url, 'GET', `/stories/${STORY.slug}`)
    expect(new Set(entries.map((e) => e.id!.split('/').pop()))).toEqual(
      new Set(pageUpdateIds(page.text)),
    )
    expect(entries[2]!.content).toContain('Image: Nordsat Imaging/Example')
    expect(entries[2]!.content).toContain('src="https://live.example.test/assets/reader/logo.svg"')
    if (hasFeedparser()) {
      const parsed = feedparse(res.text)
      expect(parsed.bozo, parsed.bozo_exception).toBeFalsy()
      expect(parsed.version).toBe('atom10')
      expect(parsed.title).toBe(STORY.title)
      expect(parsed.link).toBe(`https://live.example.test/stories/${STORY.slug}`)
      expect(parsed.entries.map((e: any) => e.title)).toEqual(
        UPDATES.map((u) => u.headline).reverse(),
      )
      expect(parsed.entries[0].author).toBe('test editor')
      expect(parsed.entries[0].published).toMatch(/^\d{4}-/)
    } else {
      console.warn('python3-feedparser is not installed: Atom checked with the XML parser only')
    }
  })

  it('serves JSON Feed 1.1 with the same updates as the page', async () => {
    const res = await request(server.url, 'GET', `/stories/${STORY.slug}/feed.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
    const feed = res.body
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: STORY.title,
      home_page_url: `https://live.example.test/stories/${STORY.slug}`,
      feed_url: `https://live.example.test/stories/${STORY.slug}/feed.json`,
      language: 'en',
      authors: [{ name: 'Sitrep' }],
    })
    expect(feed.author).toBeUndefined()
    expect(feed.items.map((i: any) => i.id.split('/').pop())).toEqual([...ids].reverse())
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string')
      expect(typeof item.content_html).toBe('string')
      expect(item.url).toBe(item.id)
      expect(item.date_published).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect(item.authors).toEqual([{ name: 'test editor' }])
    }
    expect(feed.items[2].image).toBe('https://live.example.test/assets/reader/logo.svg')
  })

  it('answers 304 to validators and changes them when an update is published', async () => {
    for (const path of [`/stories/${STORY.slug}/feed.atom`, `/stories/${STORY.slug}/feed.json`]) {
      const first = await request(server.url, 'GET', path)
      const etag = first.headers.get('etag')!
      expect(first.headers.get('cache-control')).toBe('public, max-age=5, s-maxage=5')
      expect(
        (await request(server.url, 'GET', path, { headers: { 'if-none-match': etag } })).status,
      ).toBe(304)
      const since = first.headers.get('last-modified')!
      expect(
        (await request(server.url, 'GET', path, { headers: { 'if-modified-since': since } }))
          .status,
      ).toBe(304)
    }
    const etag = (await request(server.url, 'GET', `/stories/${STORY.slug}/feed.atom`)).headers.get(
      'etag',
    )!
    await publish(server.url, token, STORY.slug, {
      headline: 'Road bridge closed',
      body: 'Police closed it.',
      status: 'published',
    })
    const after = await request(server.url, 'GET', `/stories/${STORY.slug}/feed.atom`, {
      headers: { 'if-none-match': etag },
    })
    expect(after.status).toBe(200)
    expect(after.text).toContain('Road bridge closed')
  })

  it('carries hostile text as text and never as live markup', async () => {
    await publish(server.url, token, STORY.slug, hostileUpdate())
    await server.runtime.services.updates.createUpdate(
      cliContext({ name: 'Importer', role: 'editor' }),
      STORY.slug,
      {
        ...hostileUpdate(),
        media: [
          {
            url: 'javascript:alert(1)',
            caption: HOSTILE.caption,
            credit: HOSTILE.credit,
            alt: 'x',
          },
        ],
        related: [
          {
            title: 'Teaser ]]> <script>alert(1)</script>',
            url: 'data:text/html,<script>alert(1)</script>',
          },
        ],
        sources: [{ name: HOSTILE.sourceName, url: 'javascript:alert(1)', kind: 'agency' }],
      },
    )
    const atom = await request(server.url, 'GET', `/stories/${STORY.slug}/feed.atom`)
    const entries = atomEntries(atom.text)
    const hostile = entries.filter((e) => e.title!.includes('Alert'))
    expect(hostile).toHaveLength(2)
    for (const entry of hostile) {
      // type="html": the title's HTML is entity-escaped text, so readers show the tags as text.
      expect(entry.title).toContain('&#60;script&#62;')
      expect(entry.title).not.toContain('<script')
      expect(liveMarkupViolations(entry.content!)).toEqual([])
      expect(liveMarkupViolations(entry.summary!)).toEqual([])
    }
    if (hasFeedparser()) {
      const parsed = feedparse(atom.text)
      expect(parsed.bozo, parsed.bozo_exception).toBeFalsy()
      const titles = parsed.entries.map((e: any) => e.title as string)
      const shown = titles.filter((t: string) => htmlText(t) === HOSTILE.headline)
      expect(shown).toHaveLength(2)
      for (const title of shown) expect(liveMarkupViolations(title)).toEqual([])
    }
    const json = await request(server.url, 'GET', `/stories/${STORY.slug}/feed.json`)
    const items = json.body.items.filter((i: any) => i.title === HOSTILE.headline)
    expect(items).toHaveLength(2)
    for (const item of items) {
      expect(liveMarkupViolations(item.content_html)).toEqual([])
    }
  })
})
