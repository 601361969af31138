/** Issue 13's hostile inputs against a real server: each case failed before its fix. */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request, type JsonResponse } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const expectCatalogError = (res: JsonResponse, status: number, code: string) => {
  expect(res.status).toBe(status)
  expect(res.body?.error?.code).toBe(code)
  expect(res.body.error.message).toEqual(expect.any(String))
}

/** A raw HTTP exchange, for requests fetch refuses to send. */
function rawHttp(url: string, text: string): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve) => {
    let received = ''
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text))
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('close', () => resolve(received))
    socket.on('error', () => resolve(received))
  })
}
const rawBody = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))

describe.each(BACKENDS)('hardening on %s', (backend) => {
  let server: TestServer
  let editor: string
  let admin: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, ...options })
  const rows = async (table: 'story' | 'story_update' | 'story_event' | 'source') =>
    server.rows(table)

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    admin = await server.token('admin')
    await api('POST', '/stories', { body: { title: 'Quake', slug: 'quake' } })
  })
  afterAll(async () => server?.close())

  it('refuses NUL and unpaired surrogates in every text field with a 400, storing nothing', async () => {
    const before = await Promise.all([rows('story'), rows('story_update'), rows('source')])
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/stories', { title: 'Nul\u0000title' }],
      ['POST', '/stories', { title: 'Lead', lead: 'a\ud800b' }],
      ['POST', '/stories/quake/updates', { headline: 'x\u0000' }],
      ['POST', '/stories/quake/updates', { headline: 'ok', body: '\udc00' }],
      ['POST', '/stories/quake/updates', { headline: 'ok', sources: [{ name: 'Ministry\u0000' }] }],
      ['POST', '/sources', { name: 'TASS\u0000' }],
      ['POST', '/stories/quake/updates', { ['head\u0000line']: 'key' }],
    ]
    for (const [method, path, body] of cases) {
      const res = await api(method, path, { body })
      expectCatalogError(res, 400, 'REQUEST_TEXT_INVALID')
    }
    expectCatalogError(await api('GET', '/stories/quake%00'), 400, 'REQUEST_TEXT_INVALID')
    expect(await Promise.all([rows('story'), rows('story_update'), rows('source')])).toEqual(before)
  })

  it('answers an out-of-range event cursor with a 400, not a failed query', async () => {
    for (const after of ['2147483648', '1e309', '-1', 'abc']) {
      expectCatalogError(
        await api('GET', `/stories/quake/events?after=${after}`),
        400,
        'REQUEST_VALIDATION_FAILED',
      )
    }
    expect((await api('GET', '/stories/quake/events?after=2147483647')).status).toBe(200)
  })

  it('refuses a malformed X-File-Name with a 400', async () => {
    const res = await api('POST', '/media', {
      raw: new Uint8Array([0xff, 0xd8, 0xff]),
      headers: { 'content-type': 'image/jpeg', 'x-file-name': '%E0%A4%A' },
    })
    expectCatalogError(res, 400, 'REQUEST_VALIDATION_FAILED')
  })

  it('renders parser and router errors in the catalog shape, without echoing the URL', async () => {
    const big = await rawHttp(
      server.url,
      `GET /api/v1/stories HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(big).toMatch(/^HTTP\/1.1 431 /)
    expect(rawBody(big).error.code).toBe('REQUEST_HEADERS_TOO_LARGE')

    const broken = await rawHttp(
      server.url,
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    )
    expect(broken).toMatch(/^HTTP\/1.1 400 /)
    expect(rawBody(broken).error.code).toBe('REQUEST_MALFORMED_HTTP')

    const long = await api('GET', `/stories/${'a'.repeat(300)}%3Cscript%3E`)
    expectCatalogError(long, 414, 'REQUEST_URL_TOO_LONG')
    expect(long.text).not.toContain('aaaa')

    const bad = await api('GET', '/stories/%E0%A4%A')
    expectCatalogError(bad, 400, 'REQUEST_URL_INVALID')
    expect(bad.text).not.toContain('%E0')
  })

  it('answers a text/plain body with 415', async () => {
    const res = await api('POST', '/stories', {
      raw: '{"title":"Plain"}',
      headers: { 'content-type': 'text/plain' },
    })
    expectCatalogError(res, 415, 'REQUEST_UNSUPPORTED_MEDIA_TYPE')
  })

  it('keeps exports, tokens, users and drafts out of every cache', async () => {
    const draft = await api('POST', '/stories/quake/updates', { body: { headline: 'Draft' } })
    expect(draft.status).toBe(201)
    for (const [path, token] of [
      ['/stories/quake/export', editor],
      ['/tokens', admin],
      ['/users', admin],
      [`/stories/quake/updates/${draft.body.id}`, editor],
    ] as const) {
      const res = await api('GET', path, { token })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toMatch(/no-store/)
    }
  })

  it('never lets a weak If-Match tag through', async () => {
    const draft = await api('POST', '/stories/quake/updates', { body: { headline: 'Weak' } })
    const res = await api('PATCH', `/stories/quake/updates/${draft.body.id}`, {
      body: { headline: 'Changed' },
      headers: { 'if-match': 'W/"1"' },
    })
    expectCatalogError(res, 412, 'UPDATE_VERSION_CONFLICT')
    const story = await api('GET', '/stories/quake')
    const edit = await api('PATCH', '/stories/quake', {
      body: { title: 'Quake 2' },
      headers: { 'if-match': `W/"${story.body.version}"` },
    })
    expectCatalogError(edit, 412, 'STORY_VERSION_CONFLICT')
  })

  it('gives every title its own slug, transliterated from any script, never a shared fallback', async () => {
    const made = async (title: string) => {
      const res = await api('POST', '/stories', { body: { title } })
      expect(res.status, res.text).toBe(201)
      return res.body.slug as string
    }
    expect(await made('Війна в Україні')).toBe('viyna-v-ukraini')
    expect(await made('Війна в Україні')).toBe('viyna-v-ukraini-2')
    const arabic = [await made('الحرب في أوكرانيا'), await made('الحرب في أوكرانيا')]
    expect(arabic[0]).toMatch(/^[a-z0-9-]+$/)
    expect(arabic[1]).toBe(`${arabic[0]}-2`)
    expect(await made('🔥🌊')).toBe('fire-ocean')
    // Characters no scheme writes in Latin letters get a random part, so two never collide.
    const unwritable = [await made('\ue000'), await made('\ue000')]
    for (const slug of unwritable) expect(slug).toMatch(/^story-[a-z0-9]{6}$/)
    expect(unwritable[0]).not.toBe(unwritable[1])
    const page = await request(server.url, 'GET', `/stories/${arabic[1]}`)
    expect(page.status).toBe(200)
  })

  it('refuses blank and zero-width-only titles and headlines with a 400, storing nothing', async () => {
    const before = await Promise.all([rows('story'), rows('story_update')])
    for (const title of ['   ', '\u200b\u200c', '\u3164', '\ufeff\u2060']) {
      expectCatalogError(
        await api('POST', '/stories', { body: { title } }),
        400,
        'REQUEST_TEXT_BLANK',
      )
      expectCatalogError(
        await api('POST', '/stories/quake/updates', { body: { headline: title } }),
        400,
        'REQUEST_TEXT_BLANK',
      )
    }
    const draft = await api('POST', '/stories/quake/updates', { body: { headline: 'Visible' } })
    const edit = await api('PATCH', `/stories/quake/updates/${draft.body.id}`, {
      body: { headline: '\u200b' },
      headers: { 'if-match': '"1"' },
    })
    expectCatalogError(edit, 400, 'REQUEST_TEXT_BLANK')
    const story = await api('GET', '/stories/quake')
    const retitle = await api('PATCH', '/stories/quake', {
      body: { title: ' \u200d ' },
      headers: { 'if-match': `"${story.body.version}"` },
    })
    expectCatalogError(retitle, 400, 'REQUEST_TEXT_BLANK')
    expect(await Promise.all([rows('story'), rows('story_update')])).toEqual([
      before[0],
      before[1] + 1,
    ])
  })
})
