/** @module server/reader/http-cache — validators, 304s, CDN cache headers and a small cache of rendered bodies. */
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** A rendered response body with its validators. */
export interface Rendered {
  body: Buffer
  /** Compressed once, on first demand. */
  gzip?: Buffer
  type: string
  /** Weak entity tag: the same for the plain and gzip bodies. */
  etag: string
  lastModified: Date
}

/**
 * Pages and feeds may be served by a CDN for a few seconds: a live reader's script resumes from
 * the event id in the page, so a slightly old copy misses nothing. Deletions show up on the first
 * fetch after that.
 */
export const PUBLIC_CACHE = 'public, max-age=5, s-maxage=5'

/** A weak ETag from the parts that decide a representation. */
export function weakEtag(...parts: Array<string | number>): string {
  return `W/"${createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 22)}"`
}

/** RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison for GET. */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const inm = request.headers['if-none-match']
  if (typeof inm === 'string') {
    if (inm.trim() === '*') return true
    const want = etag.replace(/^W\//, '')
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === want)
  }
  const ims = request.headers['if-modified-since']
  if (typeof ims === 'string') {
    const since = Date.parse(ims)
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since
  }
  return false
}

export const acceptsGzip = (request: FastifyRequest): boolean => {
  const header = request.headers['accept-encoding']
  return (
    typeof header === 'string' && /\bgzip\b/.test(header) && !/\bgzip;\s*q=0(\.0*)?\b/.test(header)
  )
}

/** Sets validators and cache headers, then answers 304 or the body (gzip when accepted). */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  rendered: Rendered,
  cacheControl = PUBLIC_CACHE,
): FastifyReply {
  reply
    .header('etag', rendered.etag)
    .header('last-modified', rendered.lastModified.toUTCString())
    .header('cache-control', cacheControl)
    .header('vary', 'Accept-Encoding')
  if (isNotModified(request, rendered.etag, rendered.lastModified)) return reply.status(304).send()
  reply.type(rendered.type)
  if (acceptsGzip(request)) {
    rendered.gzip ??= gzipSync(rendered.body, { level: 6 })
    return reply.header('content-encoding', 'gzip').send(rendered.gzip)
  }
  return reply.send(rendered.body)
}

/** Least-recently-used map of rendered bodies, keyed by ETag. */
export class RenderCache {
  private readonly entries = new Map<string, Rendered>()
  constructor(private readonly capacity: number) {}

  get(key: string): Rendered | undefined {
    const found = this.entries.get(key)
    if (found) {
      this.entries.delete(key)
      this.entries.set(key, found)
    }
    return found
  }

  set(key: string, value: Rendered): void {
    this.entries.delete(key)
    this.entries.set(key, value)
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }
}
