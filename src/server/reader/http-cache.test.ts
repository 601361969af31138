import type { FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { RenderCache, acceptsGzip, isNotModified, weakEtag, type Rendered } from './http-cache.js'

const req = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest
const MODIFIED = new Date('2023-01-13T12:00:00.500Z')

describe('isNotModified', () => {
  const etag = weakEtag('story', 1, 'abc')

  it('matches If-None-Match weakly, in a list, or *', () => {
    expect(isNotModified(req({ 'if-none-match': etag }), etag, MODIFIED)).toBe(true)
    expect(isNotModified(req({ 'if-none-match': etag.slice(2) }), etag, MODIFIED)).toBe(true)
    expect(isNotModified(req({ 'if-none-match': `"x", ${etag}` }), etag, MODIFIED)).toBe(true)
    expect(isNotModified(req({ 'if-none-match': '*' }), etag, MODIFIED)).toBe(true)
    expect(isNotModified(req({ 'if-none-match': '"other"' }), etag, MODIFIED)).toBe(false)
  })

  it('lets If-None-Match win over If-Modified-Since', () => {
    const headers = { 'if-none-match': '"other"', 'if-modified-since': MODIFIED.toUTCString() }
    expect(isNotModified(req(headers), etag, MODIFIED)).toBe(false)
  })

  it('compares If-Modified-Since in whole seconds', () => {
    expect(
      isNotModified(req({ 'if-modified-since': MODIFIED.toUTCString() }), etag, MODIFIED),
    ).toBe(true)
    const earlier = new Date(MODIFIED.getTime() - 2000).toUTCString()
    expect(isNotModified(req({ 'if-modified-since': earlier }), etag, MODIFIED)).toBe(false)
    expect(isNotModified(req({ 'if-modified-since': 'garbage' }), etag, MODIFIED)).toBe(false)
  })
})

describe('acceptsGzip', () => {
  it('accepts gzip unless its quality is zero', () => {
    expect(acceptsGzip(req({ 'accept-encoding': 'gzip, deflate, br' }))).toBe(true)
    expect(acceptsGzip(req({ 'accept-encoding': 'br, gzip;q=0' }))).toBe(false)
    expect(acceptsGzip(req({}))).toBe(false)
  })
})

describe(RenderCache.name, () => {
  it('evicts the least recently used body', () => {
    const sut = new RenderCache(2)
    const body = (n: string): Rendered => ({
      body: Buffer.from(n),
      type: 't',
      etag: n,
      lastModified: MODIFIED,
    })
    sut.set('a', body('a'))
    sut.set('b', body('b'))
    sut.get('a')
    sut.set('c', body('c'))
    expect(sut.get('b')).toBeUndefined()
    expect(sut.get('a')?.etag).toBe('a')
    expect(sut.get('c')?.etag).toBe('c')
  })
})
