import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('story map on %s', (backend) => {
  let server: TestServer
  let editor: string
  const ids: string[] = []
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    await api('POST', '/stories', {
      token: editor,
      body: { title: 'River <crisis>', slug: 'river' },
    })
    for (const [headline, body, status] of [
      ['Levee holds in Vukovar', 'Crews near Vukovar worked all night.', 'published'],
      ['Bridges open', 'Traffic crossed the bridges in Novi Sad and in Vukovar.', 'published'],
      ['Draft about Osijek', 'Shelters opened in Osijek.', 'draft'],
    ] as const) {
      const res = await api('POST', '/stories/river/updates', {
        token: editor,
        body: { headline, body, status },
      })
      ids.push(res.body.id as string)
    }
  })
  afterAll(async () => server?.close())

  it('draws the places of published updates as an SVG linking to the updates, without script', async () => {
    const res = await fetch(`${server.url}/stories/river/map`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('Places in “River &lt;crisis>”')
    expect(html).not.toContain('<crisis>')
    expect(html).toContain('class="site-foot"') // the reader's layout
    expect(html).not.toContain('<path d="">') // countries outside the frame are left out
    expect(html).toMatch(
      /<a href="\/stories\/river\/updates\/[^"]+"><title>Vukovar: 2 updates<\/title><circle/,
    )
    expect(html).toContain('<title>Novi Sad: 1 update</title>')
    for (const id of ids.slice(0, 2)) expect(html).toContain(`/stories/river/updates/${id}`)
    expect(html).not.toContain('Osijek')
  })

  it('is linked from the story page', async () => {
    const html = await (await fetch(`${server.url}/stories/river`)).text()
    expect(html).toContain('<a href="/stories/river/map">Map of the places in this story</a>')
  })

  it('is cached by the story version: an ETag, 304 on a match, a new ETag after a change', async () => {
    const first = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${server.url}/stories/river/map`)),
    )
    const etags = new Set(first.map((r) => r.headers.get('etag')))
    expect(etags.size).toBe(1)
    const [etag] = [...etags]
    expect(etag).toMatch(/^W\/"/)
    const bodies = new Set(await Promise.all(first.map((r) => r.text())))
    expect(bodies.size).toBe(1)
    const again = await fetch(`${server.url}/stories/river/map`, {
      headers: { 'if-none-match': etag! },
    })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)

    const published = await api('POST', '/stories/river/updates', {
      token: editor,
      body: {
        headline: 'Ferry resumes',
        body: 'Crews near Vukovar and in Novi Sad cheered.',
        status: 'published',
      },
    })
    expect(published.status).toBe(201)
    const changed = await fetch(`${server.url}/stories/river/map`, {
      headers: { 'if-none-match': etag! },
    })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    const html = await changed.text()
    expect(html).toContain('Ferry resumes')
    expect(html).toContain('<title>Novi Sad: 2 updates</title>')
  })

  it('answers 404 for an unknown story', async () => {
    const res = await fetch(`${server.url}/stories/nope/map`)
    expect(res.status).toBe(404)
  })
})
