import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as PrivateAddress from '../../src/ingest/feeds/private-address.js'
import { safeFetch, type Lookup, type SafeFetchOptions } from '../../src/ingest/feeds/safe-fetch.js'

// The test needs a "public" server it can reach without leaving the machine: 127.0.0.2 (loopback
// on Linux) stands in for one. Every other address is judged by the real rules.
vi.mock('../../src/ingest/feeds/private-address.js', async (importOriginal) => {
  const real = await importOriginal<typeof PrivateAddress>()
  return { isPrivateAddress: (a: string) => a !== '127.0.0.2' && real.isPrivateAddress(a) }
})

const PUBLIC = '127.0.0.2'
const INTERNAL = '127.0.0.1'
const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>'

/** A server on one address that records what it was asked; each path is one behaviour. */
function server(name: string) {
  const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = []
  const s = http.createServer((req, res) => {
    const path = req.url ?? '/'
    seen.push({ path, headers: req.headers })
    const redirect = /^\/to\/(.*)$/.exec(path)?.[1]
    if (redirect) res.writeHead(302, { location: decodeURIComponent(redirect) }).end()
    else if (path === '/gzip')
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(`${rss}<!-- ${name} -->`))
    else if (path === '/bomb')
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(2_000_000)))
    else if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end()
    else res.writeHead(200, { etag: '"v1"' }).end(`${rss}<!-- ${name} -->`)
  })
  return { server: s, seen }
}

describe(safeFetch.name, () => {
  const outside = server('public')
  const inside = server('internal')
  let port = 0
  const options = (more: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
    maxBytes: 100_000,
    timeoutMs: 2_000,
    maxRedirects: 3,
    allowPrivateHosts: false,
    ...more,
  })
  /** A resolver that gives each answer in turn, the last one from then on, and counts questions. */
  const answering = (...answers: string[][]) => {
    let asked = 0
    return vi.fn<Lookup>(async () => {
      const next = answers[Math.min(asked++, answers.length - 1)] ?? []
      return next.map((address) => ({ address, family: 4 }))
    })
  }

  beforeAll(async () => {
    // Both servers on one port, so only the address tells them apart.
    await new Promise<void>((resolve) => outside.server.listen(0, PUBLIC, resolve))
    port = (outside.server.address() as AddressInfo).port
    await new Promise<void>((resolve, reject) => {
      inside.server.once('error', reject)
      inside.server.listen(port, INTERNAL, resolve)
    })
  })
  afterAll(() => {
    for (const s of [outside.server, inside.server]) {
      s.closeAllConnections()
      s.close()
    }
  })

  it('connects to the address it checked, even when the name answers 127.0.0.1 a moment later', async () => {
    const lookup = answering([PUBLIC], [INTERNAL])
    const result = await safeFetch(`http://wire.test:${port}/feed.xml`, options({ lookup }))
    expect(result).toMatchObject({ ok: true, status: 200, body: expect.stringContaining('public') })
    expect(lookup).toHaveBeenCalledTimes(1)
    expect(inside.seen).toEqual([])
    // The name, not the address, is what the server is told it was asked for.
    expect(outside.seen.at(-1)?.headers.host).toBe(`wire.test:${port}`)
  })

  it('refuses a name that answers a private address, and one that answers both kinds', async () => {
    for (const lookup of [answering([INTERNAL]), answering([PUBLIC, INTERNAL])]) {
      const result = await safeFetch(`http://wire.test:${port}/feed.xml`, options({ lookup }))
      expect(result).toEqual({
        ok: false,
        code: 'FEED_FETCH_FAILED',
        message: expect.stringMatching(
          /^wire\.test is a private or local network address \(127\.0\.0\.1\)/,
        ),
      })
    }
    expect(inside.seen).toEqual([])
  })

  it('checks every redirect hop: to http://127.0.0.1, or to a name that resolves there, is refused', async () => {
    const before = outside.seen.length
    for (const target of [
      `http://${INTERNAL}:${port}/secret`,
      `http://intranet.test:${port}/secret`,
    ]) {
      const lookup = answering([PUBLIC], [INTERNAL])
      const url = `http://wire.test:${port}/to/${encodeURIComponent(target)}`
      const result = await safeFetch(url, options({ lookup }))
      expect(result).toMatchObject({
        ok: false,
        code: 'FEED_FETCH_FAILED',
        message: expect.stringMatching(/private or local network address \(127\.0\.0\.1\)/),
      })
    }
    expect(outside.seen.length).toBe(before + 2)
    expect(inside.seen).toEqual([])
  })

  it('follows a redirect to a public address, resolving the new name once', async () => {
    const lookup = answering([PUBLIC])
    const target = `http://mirror.test:${port}/feed.xml`
    const result = await safeFetch(
      `http://wire.test:${port}/to/${encodeURIComponent(target)}`,
      options({ lookup }),
    )
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(lookup.mock.calls.map(([host]) => host)).toEqual(['wire.test', 'mirror.test'])
  })

  it('reports a name that does not resolve', async () => {
    const lookup = vi.fn<Lookup>(async () => {
      throw new Error('ENOTFOUND')
    })
    expect(await safeFetch(`http://gone.test:${port}/`, options({ lookup }))).toEqual({
      ok: false,
      code: 'FEED_FETCH_FAILED',
      message: 'The host gone.test cannot be resolved',
    })
  })

  it('fetches private addresses when allowed, conditionally', async () => {
    const allowed = options({ allowPrivateHosts: true })
    const first = await safeFetch(`http://${INTERNAL}:${port}/feed.xml`, allowed)
    expect(first).toMatchObject({ ok: true, status: 200, etag: '"v1"' })
    const again = await safeFetch(`http://${INTERNAL}:${port}/feed.xml`, {
      ...allowed,
      etag: '"v1"',
    })
    expect(again).toEqual({ ok: true, status: 304, body: '' })
    expect(inside.seen.at(-1)?.headers['if-none-match']).toBe('"v1"')
  })

  it('decompresses, and caps the decompressed size', async () => {
    const lookup = answering([PUBLIC])
    expect(await safeFetch(`http://wire.test:${port}/gzip`, options({ lookup }))).toMatchObject({
      ok: true,
      body: `${rss}<!-- public -->`,
    })
    expect(await safeFetch(`http://wire.test:${port}/bomb`, options({ lookup }))).toEqual({
      ok: false,
      code: 'FEED_TOO_LARGE',
      message: 'More than 100000 bytes',
    })
  })
})
