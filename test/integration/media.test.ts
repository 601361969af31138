import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { pngBomb, realJpeg, realPng } from '../helpers/images.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('image uploads on %s', (backend) => {
  let server: TestServer
  let editor: DeskSession
  const upload = (bytes: Uint8Array, name: string, type = 'application/octet-stream') =>
    editor.api('POST', '/media', {
      raw: bytes,
      headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    })

  beforeAll(async () => {
    server = await startTestServer(backend, {
      SITREP_UPLOAD_MAX_BYTES: String(300 * 1024),
      SITREP_UPLOAD_MAX_PIXELS: String(4_000_000),
    })
    await server.runtime.services.users.createUser(cliContext(), {
      email: 'ed@example.org',
      role: 'editor',
      password: 'correct horse battery',
    })
    editor = await signIn(server.url, 'ed@example.org', 'correct horse battery')
  })
  afterAll(async () => server?.close())

  it('stores resized WebP copies of a real image, judged by its bytes', async () => {
    const res = await upload(await realJpeg(1200, 800), 'photo.png', 'image/png')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ width: 1200, height: 800 })
    expect(res.body.variants.map((v: any) => v.width)).toEqual([400, 800, 1200])
    const file = await fetch(server.url + res.body.url)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/webp')
    const bytes = new Uint8Array(await file.arrayBuffer())
    expect(Buffer.from(bytes.subarray(8, 12)).toString()).toBe('WEBP')
    const small = await upload(await realPng(300, 200), 'small.png')
    expect(small.body.variants.map((v: any) => v.width)).toEqual([300])
  })

  it('refuses a renamed executable, an SVG with a script and HTML, naming what was sent', async () => {
    const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(200, 1)])
    const exe = await upload(elf, 'holiday.jpg', 'image/jpeg')
    expect(exe.status).toBe(415)
    expect(exe.body.error.code).toBe('MEDIA_UNSUPPORTED_TYPE')
    expect(exe.body.error.message).toMatch(/holiday\.jpg.*Linux program/)
    const mz = await upload(Buffer.from('MZ\x90\x00rest of a windows exe', 'latin1'), 'a.png')
    expect(mz.body.error.message).toMatch(/Windows program/)
    const svg = await upload(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'map.png',
      'image/svg+xml',
    )
    expect(svg.status).toBe(415)
    expect(svg.body.error.message).toMatch(/SVG/)
    const xmlSvg = await upload(Buffer.from('<?xml version="1.0"?>\n<svg onload="x()"/>'), 'x.jpg')
    expect(xmlSvg.status).toBe(415)
  })

  it('refuses an oversized file and a decompression bomb with a clear message', async () => {
    const big = Buffer.concat([await realJpeg(100, 100), Buffer.alloc(400 * 1024)])
    const tooBig = await upload(big, 'huge.jpg')
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.error.code).toBe('MEDIA_TOO_LARGE')
    expect(tooBig.body.error.message).toMatch(/limit is 307200/)

    const bomb = pngBomb(50_000, 50_000)
    expect(bomb.length).toBeLessThan(100 * 1024)
    const bombed = await upload(bomb, 'bomb.png')
    expect(bombed.status).toBe(422)
    expect(bombed.body.error.code).toBe('MEDIA_TOO_MANY_PIXELS')
    expect(bombed.body.error.message).toMatch(/50000 × 50000/)

    // A real image just over the pixel limit, compressed to a few kilobytes.
    const dense = await realPng(2500, 2000)
    expect((await upload(dense, 'dense.png')).body.error.code).toBe('MEDIA_TOO_MANY_PIXELS')
  })

  it('refuses a truncated image that only starts like one', async () => {
    const jpeg = await realJpeg(800, 600)
    const res = await upload(jpeg.subarray(0, 200), 'cut.jpg')
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('MEDIA_UNREADABLE')
  })

  it('needs a signed-in user or a token, and the CSRF token with a session', async () => {
    const png = await realPng(10, 10)
    const anon = await request(server.url, 'POST', '/api/v1/media', {
      raw: png,
      headers: { 'content-type': 'image/png' },
    })
    expect(anon.status).toBe(401)
    const noCsrf = await editor.api('POST', '/media', {
      raw: png,
      headers: { 'content-type': 'image/png' },
      csrf: false,
    })
    expect(noCsrf.status).toBe(403)
    expect((await fetch(`${server.url}/media/0000000000000000a/w400.webp`)).status).toBe(404)
  })
})
