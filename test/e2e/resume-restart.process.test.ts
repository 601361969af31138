/**
 * Process-level (c) and graceful shutdown: SIGTERM ends open streams with a retry hint, finishes
 * acknowledged writes and exits 0; after a restart a reader resuming with Last-Event-ID gets
 * exactly what it missed, and a reset when its id is outside the replay window or from the future.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import {
  createStory,
  eventLog,
  openRawSse,
  publish,
  range,
  type RawSseReader,
} from '../helpers/stream-client.js'

/** Server processes start one after another on a shared two-core machine: be generous. */
const SLOW = { timeout: 150_000 }

const WINDOW = 5

/** SIGTERM, with a generous bound so a hung shutdown fails clearly instead of timing out the test. */
async function stopWithin(server: ServerProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no exit ${ms} ms after SIGTERM:\n${server.output()}`)),
      ms,
    )
  })
  try {
    return await Promise.race([server.stop(), hung])
  } finally {
    clearTimeout(timer)
  }
}

describe.each(BACKENDS)('resume across a restart (%s)', SLOW, (backendName) => {
  let backend: Backend | undefined
  const servers: ServerProcess[] = []
  const readers: RawSseReader[] = []

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close()
    for (const server of servers.splice(0)) await server.kill9()
    await backend?.cleanup()
    backend = undefined
  })

  const start = async (): Promise<ServerProcess> => {
    const server = await spawnServer({ ...backend!.env, SITREP_REPLAY_WINDOW: String(WINDOW) })
    servers.push(server)
    return server
  }
  const sse = (url: string, headers: Record<string, string> = {}): RawSseReader => {
    const reader = openRawSse(url, headers)
    readers.push(reader)
    return reader
  }

  it('ends streams on SIGTERM, exits 0, and resumes readers with exactly what they missed', async () => {
    backend = await createBackend(backendName)
    const token = await createTokenViaCli(backend.env, 'editor')
    const slug = 'resume'
    const other = 'resume-other'
    let server = await start()
    await createStory(server.url, token, slug)
    await createStory(server.url, token, other)

    // A reader reads k = 3 events and goes away; a second stays connected until the shutdown.
    const leaving = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '0' })
    const staying = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '0' })
    const otherStory = sse(`${server.url}/stories/${other}/events`, { 'last-event-id': '0' })
    for (const i of range(1, 3)) await publish(server.url, token, slug, `Update ${i}`)
    await leaving.waitForSeq(3)
    leaving.close()
    const k = leaving.lastId()
    expect(k).toBe(3)
    expect(leaving.ids()).toEqual([1, 2, 3])

    // It misses three more.
    for (const i of range(4, 6)) await publish(server.url, token, slug, `Update ${i}`)
    await publish(server.url, token, other, 'Elsewhere')
    await staying.waitForSeq(6)
    await otherStory.waitForSeq(1)

    // Writes in flight during SIGTERM: each one acknowledged must be kept.
    const burst = 'resume-burst'
    await createStory(server.url, token, burst)
    const acknowledged: string[] = []
    let stopping: Promise<number | null> | undefined
    const victim = server
    const writer = async (w: number): Promise<void> => {
      for (let i = 1; ; i++) {
        try {
          acknowledged.push((await publish(victim.url, token, burst, `Burst ${w}.${i}`)).id)
        } catch {
          return // refused (503) or the process is gone
        }
        if (acknowledged.length >= 10) stopping ??= stopWithin(victim, 15_000)
      }
    }
    await Promise.all(range(1, 3).map(writer))

    // Graceful shutdown: exit 0, every open stream ended by the server with a retry hint.
    expect(await stopping).toBe(0)
    for (const reader of [staying, otherStory]) {
      await reader.ended
      expect(reader.raw()).toMatch(/retry: \d+\n\n$/)
    }
    expect(staying.ids()).toEqual(range(1, 6))
    expect(otherStory.ids()).toEqual([1])

    server = await start()
    const burstLog = await eventLog(server.url, burst)
    expect(burstLog.items.map((e) => e.seq)).toEqual(range(1, burstLog.lastEventId))
    const logged = new Set(burstLog.items.map((e) => e.data.update.id as string))
    for (const id of acknowledged) expect(logged.has(id), id).toBe(true)

    // The reader comes back with Last-Event-ID: k and gets exactly k+1..6; then live events.
    const resumed = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': String(k) })
    await resumed.waitForSeq(6)
    await publish(server.url, token, slug, 'Update 7')
    await resumed.waitForSeq(7)
    expect(resumed.ids()).toEqual([4, 5, 6, 7])
    expect(resumed.events().map((f) => f.data.update.headline)).toEqual(
      range(4, 7).map((i) => `Update ${i}`),
    )
    // The same through ?lastEventId= (for clients that cannot set headers).
    const byQuery = sse(`${server.url}/stories/${slug}/events?lastEventId=4`)
    await byQuery.waitForSeq(7)
    expect(byQuery.ids()).toEqual([5, 6, 7])

    // Window of 5 with 7 events: 2 is the oldest id that can replay; 1 is too old; 8 and
    // beyond were never written. Those get one reset carrying the current number, then live.
    const edge = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '2' })
    const tooOld = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '1' })
    const tooOldByQuery = sse(`${server.url}/stories/${slug}/events?lastEventId=0`)
    const future = sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '8' })
    const farFuture = sse(`${server.url}/stories/${slug}/events?lastEventId=9999`)
    await edge.waitForSeq(7)
    expect(edge.ids()).toEqual(range(3, 7))
    for (const reader of [tooOld, tooOldByQuery, future, farFuture]) {
      await reader.waitUntil(() => reader.events().length >= 1, 'a reset')
      expect(reader.events()[0]?.data).toMatchObject({ type: 'reset', seq: 7 })
    }
    await publish(server.url, token, slug, 'Update 8')
    for (const reader of [resumed, byQuery, edge, tooOld, tooOldByQuery, future, farFuture]) {
      await reader.waitForSeq(8)
      const events = reader.events()
      expect(events.at(-1)?.data).toMatchObject({ type: 'update.published', seq: 8 })
      // Nothing but the reset before the live event, for the readers that were reset.
      if (events[0]?.data.type === 'reset') expect(events).toHaveLength(2)
    }

    // SIGTERM while readers are still joining (catching up from the log): they are ended too,
    // and the process still exits 0. (Readers that arrive once the shutdown began get a 503.)
    const joining = range(1, 20).map(() =>
      sse(`${server.url}/stories/${slug}/events`, { 'last-event-id': '3' }),
    )
    await joining[0]!.waitUntil(() => joining[0]!.raw().includes(':ok'), 'the stream to open')
    expect(await stopWithin(server, 15_000)).toBe(0)
    for (const reader of joining) {
      await reader.ended
      if ((await reader.status) === 200) expect(reader.raw()).toMatch(/retry: \d+\n\n$/)
      // Whatever a reader got before the end is a gap-free continuation of its id.
      expect(reader.ids()).toEqual(range(4, 3 + reader.ids().length))
    }
  })
})
