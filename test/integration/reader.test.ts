/** The reader site over real HTTP on every backend: pages, structured data, caching, errors, embeds, hostile content. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicUpdate } from '../../src/core/public-shape.js'
import { cliContext } from '../../src/services/action.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { liveMarkupViolations } from '../helpers/markup-safety.js'
import {
  HOSTILE,
  STORY,
  UPDATES,
  createStory,
  hostileUpdate,
  publish,
  seedMany,
  seedStory,
} from '../helpers/reader-fixtures.js'

const get = (base: string, path: string, headers: Record<string, string> = {}) =>
  request(base, 'GET', path, { headers })

/**
 * Pages carry relative times, so their ETag also changes at each new minute: when a minute turns
 * between the two requests, try once more.
 */
async function revalidates(base: string, path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const etag = (await get(base, path)).headers.get('etag')!
    if ((await get(base, path, { 'if-none-match': etag })).status === 304) return true
  }
  return false
}

const jsonLdOf = (html: string): any => {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)
  return match ? JSON.parse(match[1]!) : undefined
}

describe.each(BACKENDS)('reader pages (%s)', (backend) => {
  let server: TestServer
  let token: string
  let ids: string[]

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_PUBLIC_URL: 'https://live.example.test' })
    token = await server.token('editor')
    ids = await seedStory(server.url, token)
  })
  afterAll(() => server?.close())

  it('renders the story page complete without JavaScript', async () => {
    const res = await get(server.url, `/stories/${STORY.slug}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = res.text
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain(`<h1 id="story-title">${STORY.title}</h1>`)
    expect(html).toContain('<span class="badge badge-developing">Developing</span>')
    expect(html).toContain('has <strong>given way</strong>')
    for (const update of UPDATES) expect(html).toContain(update.headline)
    // Pinned first, then the rest newest first; each with an anchor and a permalink.
    const order = [...html.matchAll(/<article [^>]*id="u-([\w-]+)"/g)].map((m) => m[1])
    expect(order).toEqual([ids[3], ids[4], ids[2], ids[1], ids[0]])
    expect(html).toContain(`href="/stories/${STORY.slug}/updates/${ids[0]}"`)
    expect(html).toContain('<span class="credit">Image: Nordsat Imaging/Example</span>')
    expect(html).toContain('href="https://example.org/orvik-explainer"')
    expect(html).toContain('Orvik regional council')
    expect(html).toMatch(/<time class="ts" datetime="\d{4}-[^"]+Z"/)
    // Key events jump to their anchors; the live script knows where to resume.
    expect(html).toContain(`<a href="#u-${ids[4]}">`)
    expect(html).toMatch(/data-last-event-id="5"/)
    expect(html).toMatch(
      /<script type="module" src="\/assets\/reader\/[\w-]+\.js"><\/script>|^(?![\s\S]*type="module")/,
    )
    expect(liveMarkupViolations(html)).toEqual([])
  })

  it('describes the story for search engines and sharing: JSON-LD, Open Graph, canonical, feeds', async () => {
    const html = (await get(server.url, `/stories/${STORY.slug}`)).text
    const ld = jsonLdOf(html)
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LiveBlogPosting',
      url: `https://live.example.test/stories/${STORY.slug}`,
      headline: STORY.title,
      coverageStartTime: expect.any(String),
      publisher: { '@type': 'Organization', name: 'Sitrep', logo: { '@type': 'ImageObject' } },
    })
    expect(ld.coverageEndTime).toBeUndefined()
    expect(ld.liveBlogUpdate).toHaveLength(5)
    const aerial = ld.liveBlogUpdate.find((u: any) => u.headline === UPDATES[2]!.headline)
    expect(aerial).toMatchObject({
      '@type': 'BlogPosting',
      articleBody: expect.stringContaining('Images taken at first light'),
      datePublished: expect.any(String),
      dateModified: expect.any(String),
      author: { name: 'test editor' },
      image: ['https://live.example.test/assets/reader/logo.svg'],
    })
    expect(html).toContain(
      `<link rel="canonical" href="https://live.example.test/stories/${STORY.slug}"/>`,
    )
    expect(html).toContain('<meta property="og:type" content="article"/>')
    expect(html).toContain(`<meta property="og:title" content="${STORY.title} — live updates"/>`)
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>')
    expect(html).toContain(
      `<link rel="alternate" type="application/atom+xml" href="/stories/${STORY.slug}/feed.atom"`,
    )
    expect(html).toContain(
      `<link rel="alternate" type="application/feed+json" href="/stories/${STORY.slug}/feed.json"`,
    )
  })

  it('ends coverage in JSON-LD when the story ends', async () => {
    await createStory(server.url, token, { title: 'Closed coverage', slug: 'closed-coverage' })
    const edit = await request(server.url, 'PATCH', '/api/v1/stories/closed-coverage', {
      token,
      headers: { 'if-match': '"1"' },
      body: { status: 'ended' },
    })
    expect(edit.status).toBe(200)
    const html = (await get(server.url, '/stories/closed-coverage')).text
    expect(jsonLdOf(html).coverageEndTime).toBe(edit.body.updated_at)
    expect(html).toContain('Coverage ended')
  })

  it('answers 304 to ETag and Last-Modified validators, and changes both when the story changes', async () => {
    const path = `/stories/${STORY.slug}`
    expect(await revalidates(server.url, path)).toBe(true)
    const first = await get(server.url, path)
    const etag = first.headers.get('etag')!
    const lastModified = first.headers.get('last-modified')!
    expect(etag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=5, s-maxage=5')
    expect((await get(server.url, path, { 'if-modified-since': lastModified })).status).toBe(304)
    const gz = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('etag')).toMatch(/^W\//)

    const extra = await publish(server.url, token, STORY.slug, {
      headline: 'Water level steady overnight',
      body: 'Gauges show no change since midnight.',
      status: 'published',
    })
    const changed = await get(server.url, path, { 'if-none-match': etag })
    expect(changed.status).toBe(200)
    expect(changed.text).toContain('Water level steady overnight')
    expect(changed.headers.get('etag')).not.toBe(etag)

    // A deleted update is gone from the next fetch of the page, its permalink and the feeds.
    const afterPublish = changed.headers.get('etag')!
    const del = await request(
      server.url,
      'DELETE',
      `/api/v1/stories/${STORY.slug}/updates/${extra.id}`,
      { token },
    )
    expect(del.status).toBeLessThan(300)
    const gone = await get(server.url, path, { 'if-none-match': afterPublish })
    expect(gone.status).toBe(200)
    expect(gone.text).not.toContain('Water level steady overnight')
    const permalink = await get(server.url, `/stories/${STORY.slug}/updates/${extra.id}`)
    expect(permalink.status).toBe(410)
    expect(permalink.text).toContain('This update was removed')
    expect(permalink.text).toContain(`href="/stories/${STORY.slug}"`)
    for (const feed of ['feed.atom', 'feed.json'])
      expect((await get(server.url, `/stories/${STORY.slug}/${feed}`)).text).not.toContain(
        'Water level steady overnight',
      )
  })

  it('pages older updates with a plain link', async () => {
    await createStory(server.url, token, { title: 'Long night', slug: 'long-night' })
    await seedMany(server.url, token, 'long-night', 53)
    const head = (await get(server.url, '/stories/long-night')).text
    expect((head.match(/<article /g) ?? []).length).toBe(50)
    const older = /<a class="load-older" rel="next" href="([^"]+)"/
      .exec(head)![1]!
      .replaceAll('&amp;', '&')
    const page2 = await get(server.url, older)
    expect(page2.status).toBe(200)
    const headlines = [...page2.text.matchAll(/class="headline">([^<]+)</g)].map((m) => m[1])
    expect(headlines).toEqual(['Bulletin 3', 'Bulletin 2', 'Bulletin 1'])
    expect(page2.text).not.toContain('load-older')
    expect(page2.text).toContain('data-head="false"')
    expect(page2.text).toContain('<meta name="robots" content="noindex"/>')
    expect((await get(server.url, '/stories/long-night?before=garbage')).status).toBe(400)
  })

  it("shows an update's own page and the history of its published versions", async () => {
    const id = ids[0]!
    const edit = await request(server.url, 'PATCH', `/api/v1/stories/${STORY.slug}/updates/${id}`, {
      token,
      headers: { 'if-match': '"1"' },
      body: { body: 'Orvik Hydro now says the spillway is *damaged and leaking*.' },
    })
    expect(edit.status).toBe(200)
    const page = await get(server.url, `/stories/${STORY.slug}/updates/${id}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain(`<h1 id="u-${id}-h" class="headline">${UPDATES[0]!.headline}</h1>`)
    expect(page.text).toContain(`href="/stories/${STORY.slug}/updates/${id}/history"`)
    expect(jsonLdOf(page.text)['@type']).toBe('BlogPosting')
    const history = await get(server.url, `/stories/${STORY.slug}/updates/${id}/history`)
    expect(history.status).toBe(200)
    expect(history.text).toContain('Version 2')
    expect(history.text).toContain('Version 1')
    expect(history.text).toContain('damaged and leaking')
    expect(history.text).toContain('damaged but holding')
  })

  it('lists live and recent stories with their leads and last update time on the home page', async () => {
    const res = await get(server.url, '/')
    expect(res.status).toBe(200)
    expect(res.text).toContain(`<a href="/stories/${STORY.slug}">${STORY.title}</a>`)
    expect(res.text).toContain('Regional officials say the northern spillway')
    expect(res.text).toContain('Last update')
    expect(res.text).toContain('Recent stories')
    expect((await get(server.url, '/', { 'if-none-match': res.headers.get('etag')! })).status).toBe(
      304,
    )
  })

  it('serves friendly HTML errors to readers and JSON to API clients', async () => {
    const missing = await get(server.url, '/stories/no-such-story')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(missing.text).toContain('We could not find that page')
    expect(missing.text).toContain('<link rel="stylesheet"')
    const route = await get(server.url, '/no/such/page')
    expect(route.status).toBe(404)
    expect(route.text).toContain('See all live stories')
    const api = await get(server.url, '/api/v1/stories/no-such-story')
    expect(api.body.error.code).toBe('STORY_NOT_FOUND')
    const feed = await get(server.url, '/stories/no-such-story/feed.json')
    expect(feed.status).toBe(404)
    expect(feed.body.error.code).toBe('STORY_NOT_FOUND')
  })

  it('lets any site frame the embed, and only the embed', async () => {
    const embed = await get(server.url, `/embed/${STORY.slug}`)
    expect(embed.status).toBe(200)
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *')
    expect(embed.headers.get('x-frame-options')).toBeNull()
    expect(embed.text).toContain('<base target="_blank"/>')
    expect(embed.text).toContain('data-embed="true"')
    const page = await get(server.url, `/stories/${STORY.slug}`)
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    expect(page.text).toContain(
      '&lt;iframe src=&quot;https://live.example.test/embed/orvik-dam&quot;',
    )
    const script = await get(server.url, '/embed.js')
    // Built by `npm run build`; before a build the route still answers, with a 404.
    expect([200, 404]).toContain(script.status)
    if (script.status === 200)
      expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })

  it('never lets hostile content become live markup in the page, embed, permalink or JSON-LD', async () => {
    const viaApi = await publish(server.url, token, STORY.slug, hostileUpdate())
    // Straight through the service: unsafe URLs the API would refuse, as an import might carry.
    const viaService = await server.runtime.services.updates.createUpdate(
      cliContext({ name: 'Import <script>x</script>', role: 'editor' }),
      STORY.slug,
      {
        ...hostileUpdate(),
        media: [
          {
            url: 'javascript:window.__pwned=1',
            caption: HOSTILE.caption,
            credit: HOSTILE.credit,
            alt: HOSTILE.alt,
          },
          { url: 'data:image/svg+xml,<svg onload=alert(1)>', caption: 'c', credit: 'd', alt: 'e' },
        ],
        related: [{ title: HOSTILE.relatedTitle, url: 'javascript:alert(1)' }],
        sources: [{ name: HOSTILE.sourceName, url: ' JaVaScRiPt:alert(1)', kind: 'agency' }],
      },
    )
    const paths = [
      `/stories/${STORY.slug}`,
      `/embed/${STORY.slug}`,
      `/stories/${STORY.slug}/updates/${viaApi.id}`,
      `/stories/${STORY.slug}/updates/${viaService.id}`,
      '/',
    ]
    for (const path of paths) {
      const html = (await get(server.url, path)).text
      expect(liveMarkupViolations(html), path).toEqual([])
      const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)
      if (ld) expect(ld[1], path).not.toContain('<')
    }
    const page = (await get(server.url, `/stories/${STORY.slug}`)).text
    // The text is all there, as text.
    expect(page).toContain('Alert &lt;script>window.__pwned=1&lt;/script>')
    expect(page).toContain('Caption &lt;img src=x onerror=')
    expect(page).toContain('Credit &lt;script>')
    // An unsafe related link keeps its title, without a link.
    expect(page).toContain(`<span>Teaser &lt;b onmouseover=`)
    // The shape the stream sends carries only sanitised body HTML.
    const shape = publicUpdate(viaService, STORY.slug)
    expect(liveMarkupViolations(shape.body_html)).toEqual([])
  })
})
