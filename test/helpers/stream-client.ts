/**
 * Helpers for the process-level stream tests: a raw SSE client that keeps every byte (to check
 * `retry:` hints and how a stream ended), a reader that stops reading its socket, and small
 * newsroom actions over the JSON API.
 */
import http from 'node:http'
import net from 'node:net'
import { request } from './http.js'

/** One SSE block: an event (`data`), or a bare `retry:` hint or comment. */
export interface SseFrame {
  id?: number
  data?: any
  retry?: number
  comment?: string
}

export interface RawSseReader {
  /** Every byte received, as text. */
  raw(): string
  frames: SseFrame[]
  /** Frames that carry data, i.e. events (including `reset`). */
  events(): SseFrame[]
  /** Ids of the data frames, in arrival order. */
  ids(): number[]
  /** The last `id:` seen, as a client would send it back in Last-Event-ID. */
  lastId(): number | undefined
  status: Promise<number>
  /** Resolves when the server ended the response or the connection closed. */
  ended: Promise<'end' | 'close' | 'error'>
  isEnded(): boolean
  /** Waits until `predicate` holds (checked on each frame), or rejects after `timeoutMs`. */
  waitUntil(predicate: () => boolean, label: string, timeoutMs?: number): Promise<void>
  /** Waits for an event whose id is at least `seq`. */
  waitForSeq(seq: number, timeoutMs?: number): Promise<void>
  close(): void
}

export function openRawSse(url: string, headers: Record<string, string> = {}): RawSseReader {
  let text = ''
  let buffer = ''
  let ended: 'end' | 'close' | 'error' | undefined
  const frames: SseFrame[] = []
  const listeners = new Set<() => void>()
  const notify = (): void => {
    for (const listener of [...listeners]) listener()
  }
  let resolveEnded!: (how: 'end' | 'close' | 'error') => void
  const endedPromise = new Promise<'end' | 'close' | 'error'>((r) => (resolveEnded = r))
  const finish = (how: 'end' | 'close' | 'error'): void => {
    if (ended) return
    ended = how
    resolveEnded(how)
    notify()
  }
  let resolveStatus!: (status: number) => void
  const status = new Promise<number>((r) => (resolveStatus = r))

  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    resolveStatus(res.statusCode ?? 0)
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      text += chunk
      buffer += chunk
      let end: number
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        frames.push(parseBlock(block))
      }
      notify()
    })
    res.on('end', () => finish('end'))
    res.on('close', () => finish('close'))
    res.on('error', () => finish('error'))
  })
  req.on('error', () => {
    resolveStatus(0)
    finish('error')
  })

  const events = (): SseFrame[] => frames.filter((f) => f.data !== undefined)
  const ids = (): number[] => events().map((f) => f.id ?? Number.NaN)
  const waitUntil = (predicate: () => boolean, label: string, timeoutMs = 20_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate()) {
          listeners.delete(check)
          clearTimeout(timer)
          resolve()
        } else if (ended) {
          listeners.delete(check)
          clearTimeout(timer)
          reject(new Error(`stream ended (${ended}) before ${label}; ids ${JSON.stringify(ids())}`))
        }
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`timed out waiting for ${label}; ids ${JSON.stringify(ids())}`))
      }, timeoutMs)
      listeners.add(check)
      check()
    })

  return {
    raw: () => text,
    frames,
    events,
    ids,
    lastId: () => {
      for (let i = frames.length - 1; i >= 0; i--) {
        const id = frames[i]?.id
        if (id !== undefined) return id
      }
      return undefined
    },
    status,
    ended: endedPromise,
    isEnded: () => ended !== undefined,
    waitUntil,
    waitForSeq: (seq, timeoutMs) =>
      waitUntil(() => ids().some((id) => id >= seq), `event ${seq}`, timeoutMs),
    close: () => req.destroy(),
  }
}

function parseBlock(block: string): SseFrame {
  const frame: SseFrame = {}
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1)
    else if (line.startsWith('id: ')) frame.id = Number(line.slice(4))
    else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7))
    else if (line.startsWith('data: ')) data.push(line.slice(6))
  }
  if (data.length > 0) {
    const joined = data.join('\n')
    try {
      frame.data = JSON.parse(joined)
    } catch {
      frame.data = joined
    }
  }
  return frame
}

/**
 * A reader on a raw socket that reads the response head and then stops reading (`pause()`), so
 * the server's unsent bytes pile up. `resume()` drains it again.
 */
export interface StalledReader {
  socket: net.Socket
  /** Bytes read so far (only grows after resume). */
  received(): string
  /** Resolves when the server closed the connection and every byte was read. */
  ended: Promise<void>
  resume(): void
  close(): void
}

export async function openStalledReader(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<StalledReader> {
  const socket = net.connect(port, '127.0.0.1')
  let text = ''
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.on('error', () => undefined)
  socket.setEncoding('utf8')
  const head = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string): void => {
      text += chunk
      if (text.includes('\r\n\r\n') && text.includes(':ok\n\n')) {
        socket.pause()
        socket.off('data', onData)
        resolve()
      }
    }
    socket.on('data', onData)
    socket.once('close', () => reject(new Error(`stalled reader closed early: ${text}`)))
  })
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Accept: text/event-stream',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ]
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  await head
  return {
    socket,
    received: () => text,
    ended,
    resume: () => {
      socket.on('data', (chunk: string) => (text += chunk))
      socket.resume()
    },
    close: () => socket.destroy(),
  }
}

/** Polls `probe` until it returns true. */
export async function waitForCondition(
  probe: () => Promise<boolean> | boolean,
  label: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A Prometheus sample's value from /metrics (0 when absent). */
export async function metric(base: string, name: string): Promise<number> {
  const res = await fetch(`${base}/metrics`)
  const text = await res.text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line ? Number(line.slice(name.length + 1)) : 0
}

export interface Published {
  id: string
  version: number
}

export async function createStory(base: string, token: string, slug: string): Promise<void> {
  const res = await request(base, 'POST', '/api/v1/stories', {
    token,
    body: { title: `Story ${slug}`, slug },
  })
  if (res.status !== 201) throw new Error(`create story: ${res.status} ${res.text}`)
}

export async function publish(
  base: string,
  token: string,
  slug: string,
  headline: string,
  body = `Body of ${headline}.`,
): Promise<Published> {
  const res = await request<Published>(base, 'POST', `/api/v1/stories/${slug}/updates`, {
    token,
    body: { headline, body, status: 'published' },
  })
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${res.text}`)
  return { id: res.body.id, version: res.body.version }
}

export async function edit(
  base: string,
  token: string,
  slug: string,
  update: Published,
  headline: string,
): Promise<Published> {
  const res = await request<Published>(
    base,
    'PATCH',
    `/api/v1/stories/${slug}/updates/${update.id}`,
    { token, body: { headline }, headers: { 'if-match': `"${update.version}"` } },
  )
  if (res.status !== 200) throw new Error(`edit: ${res.status} ${res.text}`)
  return { id: res.body.id, version: res.body.version }
}

export async function remove(
  base: string,
  token: string,
  slug: string,
  update: Published,
): Promise<void> {
  const res = await request(base, 'DELETE', `/api/v1/stories/${slug}/updates/${update.id}`, {
    token,
  })
  if (res.status !== 200 && res.status !== 204) throw new Error(`delete: ${res.status} ${res.text}`)
}

export interface LoggedEvent {
  seq: number
  type: string
  at: string
  data: any
}

/** The whole event log after `after`, through the polling API, page by page. */
export async function eventLog(
  base: string,
  slug: string,
  after = 0,
): Promise<{ items: LoggedEvent[]; lastEventId: number }> {
  const items: LoggedEvent[] = []
  let cursor = after
  for (;;) {
    const res = await request<{ items: LoggedEvent[]; last_event_id: number }>(
      base,
      'GET',
      `/api/v1/stories/${slug}/events?after=${cursor}&limit=1000`,
    )
    if (res.status !== 200) throw new Error(`event log: ${res.status} ${res.text}`)
    items.push(...res.body.items)
    const last = res.body.items.at(-1)?.seq
    if (last === undefined || last >= res.body.last_event_id)
      return { items, lastEventId: res.body.last_event_id }
    cursor = last
  }
}

/** `[from, from+1, …, to]`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
}
