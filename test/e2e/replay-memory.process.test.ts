/**
 * Replay is bounded at process level: readers resuming from the start of a long story who never
 * read their sockets cost the server a bounded amount of memory each, get dropped as slow readers,
 * while a reader that does read gets every event, in order, and then the live ones.
 */
import fs from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import {
  createStory,
  metric,
  openRawSse,
  publish,
  range,
  waitForCondition,
} from '../helpers/stream-client.js'

const SLOW = { timeout: 240_000 }
const UPDATES = 1000
/** About 10 KB of text per update; with its rendered copy each event is over 20 KB. */
const BODY = 'Shelling continued through the night near the salt mine, officials said. '.repeat(140)
const REPLAYERS = 40
/** A replaying reader that takes nothing for two heartbeats is dropped: long enough to measure. */
const HEARTBEAT_MS = 6_000

const rssBytes = (pid: number): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024
}

/** Opens a socket, sends the request and never reads a byte of the answer. */
const neverReader = (port: number, path: string): net.Socket => {
  const socket = net.connect(port, '127.0.0.1')
  socket.on('error', () => undefined)
  socket.pause()
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nLast-Event-ID: 0\r\n\r\n`,
  )
  return socket
}

describe('replay from the start of a long story', SLOW, () => {
  let backend: Backend
  let server: ServerProcess
  let token: string
  const slug = 'long-story'
  const sockets: net.Socket[] = []

  beforeAll(async () => {
    backend = await createBackend('sqlite')
    token = await createTokenViaCli(backend.env, 'editor')
    server = await spawnServer({ ...backend.env, SITREP_HEARTBEAT_MS: String(HEARTBEAT_MS) })
    await createStory(server.url, token, slug)
    let next = 0
    const writer = async (): Promise<void> => {
      while (next < UPDATES) {
        next++
        await publish(server.url, token, slug, `Update ${next}`, BODY)
      }
    }
    await Promise.all([writer(), writer(), writer(), writer()])
  }, 240_000)

  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await server?.kill9()
    await backend?.cleanup()
  })

  it('holds memory bounded for readers that never read, and drops them', async () => {
    // A reader that reads gets all of it first: the code paths are warm before the baseline.
    const reader = openRawSse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '0' })
    await reader.waitForSeq(UPDATES, 60_000)
    expect(reader.ids()).toEqual(range(1, UPDATES))
    reader.close()
    await waitForCondition(
      async () => (await metric(server.url, 'sitrep_stream_connections')) === 0,
      'the reader to leave',
    )

    const before = rssBytes(server.child.pid!)
    for (let i = 0; i < REPLAYERS; i++)
      sockets.push(neverReader(server.port, `/stories/${slug}/events`))
    await waitForCondition(
      async () => (await metric(server.url, 'sitrep_stream_connections')) === REPLAYERS,
      'every replayer to connect',
    )
    // Long enough for each replay to fill what the socket will take and stop.
    let peak = 0
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 500))
      peak = Math.max(peak, rssBytes(server.child.pid!))
    }
    expect(await metric(server.url, 'sitrep_stream_connections')).toBe(REPLAYERS)
    const growth = peak - before
    expect(growth).toBeLessThan(60 * 1024 * 1024)

    // Meanwhile the server answers, and a reader that reads still gets everything in order.
    const live = openRawSse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '0' })
    await live.waitForSeq(UPDATES, 60_000)
    await publish(server.url, token, slug, 'After the replay')
    await live.waitForSeq(UPDATES + 1)
    expect(live.ids()).toEqual(range(1, UPDATES + 1))

    // Taking nothing, the replayers are dropped as slow readers; the reading one stays.
    await waitForCondition(
      async () =>
        (await metric(server.url, 'sitrep_stream_slow_readers_dropped_total')) >= REPLAYERS,
      'the stalled replayers to be dropped',
      6 * HEARTBEAT_MS,
    )
    expect(await metric(server.url, 'sitrep_stream_connections')).toBe(1)
    expect(live.isEnded()).toBe(false)
    live.close()
    console.log(JSON.stringify({ replayers: REPLAYERS, rss_growth_mb: growth / 2 ** 20 }))
  })
})
