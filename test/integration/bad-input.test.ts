import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('bad input on %s', (backend) => {
  let server: TestServer
  let editor: string
  const post = (raw: string | Uint8Array, headers: Record<string, string> = {}) =>
    request(server.url, 'POST', '/api/v1/stories/quake/updates', {
      token: editor,
      raw,
      headers: { 'content-type': 'application/json', ...headers },
    })
  const count = async () => server.rows('story_update')

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_BODY_LIMIT: '4096' })
    editor = await server.token('editor')
    await request(server.url, 'POST', '/api/v1/stories', {
      token: editor,
      body: { title: 'Quake', slug: 'quake' },
    })
  })
  afterAll(async () => server?.close())

  const expectError = (
    res: { status: number; body: any; text: string },
    status: number,
    code: string,
  ) => {
    expect(res.status).toBe(status)
    expect(res.body.error.code).toBe(code)
    expect(res.body.error.message).toEqual(expect.any(String))
    // No stack traces or internals in any error.
    expect(res.text).not.toMatch(/\bat .+\.(js|ts):\d+|node_modules|Error:/)
  }

  it('refuses an oversized body with 413 and stores nothing', async () => {
    const before = await count()
    expectError(
      await post(JSON.stringify({ headline: 'big', body: 'x'.repeat(10_000) })),
      413,
      'REQUEST_BODY_TOO_LARGE',
    )
    expect(await count()).toBe(before)
  })

  it('refuses malformed JSON with 400', async () => {
    expectError(await post('{"headline": "unterminated'), 400, 'REQUEST_MALFORMED_JSON')
    expectError(await post(''), 400, 'REQUEST_MALFORMED_JSON')
    expectError(
      await post('{"headline":"x","__proto__":{"admin":true}}'),
      400,
      'REQUEST_MALFORMED_JSON',
    )
  })

  it('refuses invalid UTF-8 instead of silently replacing characters', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"headline":"Kyiv '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ])
    const before = await count()
    expectError(await post(bytes), 400, 'REQUEST_INVALID_UTF8')
    expect(await count()).toBe(before)
    const ok = await post(Buffer.from(JSON.stringify({ headline: 'Kyiv, Київ, 🇺🇦' })))
    expect(ok.status).toBe(201)
    expect(ok.body.headline).toBe('Kyiv, Київ, 🇺🇦')
  })

  it('names the unknown field or the wrongly typed one in a 400', async () => {
    const unknown = await post(JSON.stringify({ headline: 'x', colour: 'red' }))
    expectError(unknown, 400, 'REQUEST_VALIDATION_FAILED')
    expect(unknown.body.error.details.field).toBe('colour')
    expect(unknown.body.error.message).toContain('colour')
    const wrongType = await post(JSON.stringify({ headline: 42 }))
    expectError(wrongType, 400, 'REQUEST_VALIDATION_FAILED')
    expect(wrongType.body.error.details.field).toBe('headline')
    const nested = await post(
      JSON.stringify({
        headline: 'x',
        media: [
          { url: 'https://example.org/a.jpg', caption: 'c', credit: 'c', alt: 'a', extra: 1 },
        ],
      }),
    )
    expect(nested.status).toBe(400)
    expect(nested.body.error.details.field).toBe('media.0.extra')
    const missing = await post(JSON.stringify({ body: 'no headline' }))
    expect(missing.body.error.details.field).toBe('headline')
    const badStatus = await post(JSON.stringify({ headline: 'x', status: 'deleted' }))
    expect(badStatus.status).toBe(400)
    const notObject = await post('[1,2,3]')
    expect(notObject.status).toBe(400)
  })

  it('refuses unsafe link schemes in media, related links and sources', async () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example/x',
      '/\\evil.example/x',
      'https://ok.example/"onmouseover="x',
    ]) {
      const res = await post(JSON.stringify({ headline: 'x', related: [{ title: 't', url }] }))
      expect(res.status, url).toBe(400)
      expect(res.body.error.details.field).toBe('related.0.url')
    }
    const media = await post(
      JSON.stringify({
        headline: 'x',
        media: [{ url: 'javascript:alert(1)', caption: '', credit: '', alt: 'a' }],
      }),
    )
    expect(media.status).toBe(400)
  })

  it('refuses other content types with 415', async () => {
    expectError(
      await post('headline=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'REQUEST_UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(server.url, 'GET', '/api/v1/nothing-here')
    expectError(res, 404, 'ROUTE_NOT_FOUND')
  })

  it('rejects query strings that are out of range', async () => {
    const res = await request(server.url, 'GET', '/api/v1/stories/quake/updates?limit=5000')
    expect(res.status).toBe(400)
    expect(res.body.error.details.part).toBe('querystring')
  })
})
