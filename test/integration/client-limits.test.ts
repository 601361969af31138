/** Limits per client: open streams per address, and images decoded at once. */
import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse, type SseReader } from '../helpers/sse.js'

const MAX_STREAMS = 3

describe.each(BACKENDS)('client limits on %s', (backend) => {
  let server: TestServer
  let editor: DeskSession
  const streams: SseReader[] = []

  beforeAll(async () => {
    server = await startTestServer(backend, {
      SITREP_STREAM_MAX_PER_CLIENT: String(MAX_STREAMS),
      SITREP_UPLOAD_MAX_DECODES: '1',
    })
    await server.runtime.services.users.createUser(cliContext(), {
      email: 'ed@example.org',
      role: 'editor',
      password: 'correct horse battery',
    })
    editor = await signIn(server.url, 'ed@example.org', 'correct horse battery')
    await editor.api('POST', '/stories', { body: { title: 'Limits', slug: 'limits' } })
  })
  afterAll(async () => {
    for (const s of streams) s.close()
    await server?.close()
  })

  it('refuses a client its next stream once it holds the most allowed, with a catalog 429', async () => {
    for (let i = 0; i < MAX_STREAMS; i++) {
      const s = openSse(`${server.url}/stories/limits/events`)
      streams.push(s)
      expect(await s.status).toBe(200)
    }
    const refused = await request(server.url, 'GET', '/stories/limits/events')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('30')
    expect(refused.body.error).toMatchObject({
      code: 'STREAM_TOO_MANY_CONNECTIONS',
      details: { open: MAX_STREAMS, max: MAX_STREAMS },
    })
    expect(refused.body.error.message).toMatch(/already has 3 open streams/)

    // Desk presence streams count against the same limit.
    const presence = await editor.api('GET', '/stories/limits/presence?client=tab-0001')
    expect(presence.status).toBe(429)

    // A closed stream gives its slot back.
    streams.shift()!.close()
    await expect
      .poll(async () => {
        const s = openSse(`${server.url}/stories/limits/events`)
        const status = await s.status
        if (status === 200) streams.push(s)
        else s.close()
        return status
      })
      .toBe(200)
  })

  it('decodes one image at a time and refuses uploads past the short line with 503', async () => {
    // Cheap to send, slow to decode: 24 megapixels of one colour.
    const big = await sharp({
      create: { width: 6000, height: 4000, channels: 3, background: { r: 90, g: 90, b: 30 } },
    })
      .jpeg()
      .toBuffer()
    const upload = () =>
      editor.api('POST', '/media', {
        raw: big,
        headers: { 'content-type': 'image/jpeg', 'x-file-name': 'field.jpg' },
      })
    const results = await Promise.all(Array.from({ length: 8 }, upload))
    const statuses = results.map((r) => r.status).sort()
    // One decoding and four waiting: of eight sent at once, at least three are turned away.
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(5)
    const busy = results.filter((r) => r.status === 503)
    expect(busy.length).toBeGreaterThanOrEqual(1)
    for (const r of busy) expect(r.body.error.code).toBe('MEDIA_BUSY')
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true)
    // The line empties: the next upload is decoded.
    expect((await upload()).status).toBe(201)
  }, 60_000)
})
