/** @module ingest/feeds/safe-fetch — fetches a feed over HTTP(S), connecting only to the address that was checked. */
import dns from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import zlib from 'node:zlib'
import type { ErrorCode } from '../../errors.js'
import { isPrivateAddress } from './private-address.js'

/** One address of a host name, as `dns.lookup` gives it. */
export interface ResolvedAddress {
  address: string
  family: number
}

/** Resolves a host name to its addresses, all of them, in the resolver's order. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>

const systemLookup: Lookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true })

export interface SafeFetchOptions {
  /** Whole response after decompression, in bytes. */
  maxBytes: number
  /** Whole fetch, every hop with headers and body, in milliseconds. */
  timeoutMs: number
  maxRedirects: number
  /** Connect to loopback and private network addresses too (`SITREP_FEEDS_ALLOW_PRIVATE`). */
  allowPrivateHosts: boolean
  /** Sent as If-None-Match on the first hop, for a 304 when the feed is unchanged. */
  etag?: string | null
  /** Sent as If-Modified-Since on the first hop. */
  lastModified?: string | null
  /** The resolver; `dns.lookup` unless a test stands in for DNS. */
  lookup?: Lookup
}

export type SafeFetchResult =
  | { ok: true; status: 200 | 304; body: string; etag?: string; lastModified?: string }
  | { ok: false; code: ErrorCode; message: string }

/**
 * One conditional GET with a timeout, a redirect limit and a size cap. Each hop's host is
 * resolved once, every answer is checked, and the connection goes to the checked address: a
 * resolver that answers a public address for a check and 127.0.0.1 for the connection (DNS
 * rebinding) gets no second question. Failures are results, never thrown.
 */
export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const signal = AbortSignal.timeout(options.timeoutMs)
  const failed = (message: string): SafeFetchResult => ({
    ok: false,
    code: 'FEED_FETCH_FAILED',
    message,
  })
  let current = new URL(url)
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:')
        return failed(hop === 0 ? 'Not an HTTP address' : 'A redirect to a non-HTTP address')
      const headers: Record<string, string> = {
        accept:
          'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
        'user-agent': 'Sitrep feed reader (+https://github.com/sitrep)',
      }
      if (hop === 0 && options.etag) headers['if-none-match'] = options.etag
      if (hop === 0 && options.lastModified) headers['if-modified-since'] = options.lastModified
      // Each hop is checked: a public feed may redirect to an internal address.
      const target = await pinnedAddress(current, options)
      if (typeof target === 'string') return failed(target)
      const res = await get(current, headers, target, signal)
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400 && status !== 304) {
        res.destroy()
        const location = res.headers.location
        if (!location) return failed('A redirect without a Location')
        if (hop >= options.maxRedirects)
          return failed(`More than ${options.maxRedirects} redirects`)
        current = new URL(location, current)
        continue
      }
      if (status === 304) {
        res.destroy()
        return { ok: true, status: 304, body: '' }
      }
      if (status !== 200) {
        res.destroy()
        return failed(`HTTP ${status}`)
      }
      const declared = Number(res.headers['content-length'] ?? '0')
      if (declared > options.maxBytes) {
        res.destroy()
        return { ok: false, code: 'FEED_TOO_LARGE', message: `${declared} bytes` }
      }
      const body = await readCapped(res, options.maxBytes, signal)
      if (body === undefined)
        return { ok: false, code: 'FEED_TOO_LARGE', message: `More than ${options.maxBytes} bytes` }
      return {
        ok: true,
        status: 200,
        body,
        etag: header(res, 'etag'),
        lastModified: header(res, 'last-modified'),
      }
    }
  } catch (error) {
    return failed(
      signal.aborted
        ? `No complete answer within ${options.timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error),
    )
  }
}

/**
 * The one address this hop connects to, or why there is none. Every answer is checked, not
 * just the one used: a name that answers both a public and a private address is refused.
 */
async function pinnedAddress(
  url: URL,
  options: SafeFetchOptions,
): Promise<ResolvedAddress | string> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: ResolvedAddress[]
  const family = net.isIP(host)
  if (family) addresses = [{ address: host, family }]
  else {
    try {
      addresses = await (options.lookup ?? systemLookup)(host)
    } catch {
      return `The host ${host} cannot be resolved`
    }
  }
  const first = addresses[0]
  if (!first) return `The host ${host} cannot be resolved`
  const inside = options.allowPrivateHosts
    ? undefined
    : addresses.find((a) => isPrivateAddress(a.address))
  return inside
    ? `${host} is a private or local network address (${inside.address}); the server fetches public feeds only (SITREP_FEEDS_ALLOW_PRIVATE=true allows it)`
    : first
}

/** A GET whose connection goes to `target` whatever the host name would resolve to now. */
function get(
  url: URL,
  headers: Record<string, string>,
  target: ResolvedAddress,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  // The name stays in the URL for the Host header and TLS (SNI and the certificate check); only
  // the address lookup is replaced. A fresh connection each time (no agent), so a kept-alive
  // socket to an earlier answer is never reused.
  const lookup: net.LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target])
    else callback(null, target.address, target.family)
  }
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'GET', headers, agent: false, lookup, signal },
      resolve,
    )
    request.once('error', reject)
    request.end()
  })
}

/** Reads a body, decompressed, up to `max` bytes; undefined when it is longer. */
async function readCapped(
  res: http.IncomingMessage,
  max: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  const stop = () => res.destroy(signal.reason instanceof Error ? signal.reason : undefined)
  signal.addEventListener('abort', stop, { once: true })
  const encoding = header(res, 'content-encoding')?.trim().toLowerCase()
  // The cap counts decompressed bytes: a small compressed body may expand a thousandfold.
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate'
      ? zlib.createUnzip()
      : encoding === 'br'
        ? zlib.createBrotliDecompress()
        : undefined
  const body: Readable = decoder ? pipeline(res, decoder, () => {}) : res
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.byteLength
      if (size > max) return undefined
      chunks.push(chunk)
    }
  } finally {
    signal.removeEventListener('abort', stop)
    res.destroy()
    decoder?.destroy()
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks))
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const value = res.headers[name]
  return Array.isArray(value) ? value[0] : value
}
