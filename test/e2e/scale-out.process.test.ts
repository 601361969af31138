/**
 * Process-level (d): several `sitrep serve` processes on one PostgreSQL database and one Redis
 * behave as one. Publish on A, the reader on B receives it; kill -9 A, and its reader resumes on B
 * with nothing lost and nothing duplicated; writers alternating between A and B give every reader
 * one contiguous, ordered sequence.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  createBackend,
  type Backend,
} from '../helpers/backends.js'
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

const HAVE_SERVICES = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL)
if (!HAVE_SERVICES) {
  console.warn(
    '[scale-out.process] skipped: set TEST_DATABASE_URL and TEST_REDIS_URL (or run through ' +
      '`node scripts/with-services.mjs`) to test several processes on PostgreSQL + Redis',
  )
}

describe.skipIf(!HAVE_SERVICES)('two server processes on PostgreSQL + Redis', SLOW, () => {
  let backend: Backend
  let token: string
  const servers: ServerProcess[] = []
  const readers: RawSseReader[] = []

  beforeAll(async () => {
    backend = await createBackend('postgres')
    token = await createTokenViaCli(backend.env, 'editor')
  })
  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close()
    await Promise.all(servers.splice(0).map((s) => s.kill9()))
  })
  afterAll(async () => {
    await backend?.cleanup()
  })

  const start = async (env: Record<string, string> = {}): Promise<ServerProcess> => {
    const server = await spawnServer({ ...backend.env, ...env })
    servers.push(server)
    return server
  }
  const sse = (server: ServerProcess, slug: string, lastEventId?: number): RawSseReader => {
    const headers: Record<string, string> =
      lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }
    const reader = openRawSse(`${server.url}/stories/${slug}/events`, headers)
    readers.push(reader)
    return reader
  }

  it('delivers across processes, and a reader of a killed process resumes on another', async () => {
    const [a, b] = await Promise.all([start(), start()])
    const slug = 'scale-out'
    await createStory(a!.url, token, slug)
    const onA = sse(a!, slug, 0)
    const onB = sse(b!, slug, 0)

    // Published on A, received on B (and on A); then the other way round.
    for (const i of range(1, 5)) await publish(a!.url, token, slug, `From A ${i}`)
    await onB.waitForSeq(5)
    expect(onB.ids()).toEqual(range(1, 5))
    expect(onB.events().map((f) => f.data.update.headline)).toEqual(
      range(1, 5).map((i) => `From A ${i}`),
    )
    for (const i of range(6, 7)) await publish(b!.url, token, slug, `From B ${i}`)
    await onA.waitForSeq(7)
    await onB.waitForSeq(7)
    expect(onA.ids()).toEqual(range(1, 7))

    // One more write on A, acknowledged, then kill -9 at once: no chance to do anything after.
    await publish(a!.url, token, slug, 'Last words of A')
    await a!.kill9()
    await onA.ended
    const resumeFrom = onA.lastId()!
    expect(resumeFrom).toBeGreaterThanOrEqual(7)
    expect(onA.ids()).toEqual(range(1, resumeFrom))

    // B keeps publishing; the reader of A comes back on B with its Last-Event-ID.
    for (const i of range(9, 12)) await publish(b!.url, token, slug, `From B ${i}`)
    const resumed = sse(b!, slug, resumeFrom)
    await resumed.waitForSeq(12)
    await publish(b!.url, token, slug, 'Sentinel')
    await resumed.waitForSeq(13)
    await onB.waitForSeq(13)

    expect(resumed.ids()).toEqual(range(resumeFrom + 1, 13))
    expect(onB.ids()).toEqual(range(1, 13))
    // Seen before the kill plus seen after the resume: the whole log, once.
    const log = await eventLog(b!.url, slug)
    expect([...onA.events(), ...resumed.events()].map((f) => f.data)).toEqual(
      log.items.map((e) => e.data),
    )
    expect(onB.events().map((f) => f.data)).toEqual(log.items.map((e) => e.data))
    expect(log.items[7]?.data.update.headline).toBe('Last words of A')
  })

  it('gives readers on both processes one ordered sequence while writers alternate', async () => {
    const [a, b] = await Promise.all([start(), start()])
    const slug = 'scale-out-alternating'
    await createStory(b!.url, token, slug)
    const onA = sse(a!, slug, 0)
    const onB = sse(b!, slug, 0)
    const freshOnA = sse(a!, slug)
    await freshOnA.waitUntil(() => freshOnA.raw().includes(':ok'), 'the stream to open')

    const WRITERS = 4
    const EACH = 20
    const processes = [a!, b!]
    await Promise.all(
      range(0, WRITERS - 1).map(async (w) => {
        for (const i of range(1, EACH)) {
          const target = processes[(w + i) % 2]!
          await publish(target.url, token, slug, `Writer ${w} update ${i} via ${(w + i) % 2}`)
        }
      }),
    )
    const total = WRITERS * EACH
    await publish(a!.url, token, slug, 'Sentinel')
    for (const reader of [onA, onB, freshOnA]) await reader.waitForSeq(total + 1, 30_000)

    const log = await eventLog(a!.url, slug)
    expect(log.items.map((e) => e.seq)).toEqual(range(1, total + 1))
    for (const reader of [onA, onB]) {
      expect(reader.ids()).toEqual(range(1, total + 1))
      expect(reader.events().map((f) => f.data)).toEqual(log.items.map((e) => e.data))
    }
    const tail = freshOnA.ids()
    expect(tail).toEqual(range(tail[0] ?? 0, total + 1))
  })

  it('resumes a reader exactly on a process that has not heard of the events yet', async () => {
    // B shares the database but not the bus (no REDIS_URL) and never re-reads the log on a
    // timer: it stands for a process whose bus message is late or lost. A reader that saw an
    // event through A and moves to B must neither be reset nor miss or repeat anything.
    const { REDIS_URL: _, ...withoutRedis } = backend.env
    const [a, b] = await Promise.all([
      start(),
      spawnServer({ ...withoutRedis, SITREP_HEARTBEAT_MS: '3600000' }).then((s) => {
        servers.push(s)
        return s
      }),
    ])
    const slug = 'scale-out-late-bus'
    await createStory(a.url, token, slug)
    const onB = sse(b, slug, 0)
    await onB.waitUntil(() => onB.raw().includes(':ok'), 'the stream to open')
    const onA = sse(a, slug, 0)
    for (const i of range(1, 3)) await publish(a.url, token, slug, `From A ${i}`)
    await onA.waitForSeq(3)
    onA.close()

    const moved = sse(b, slug, 3)
    await moved.waitUntil(() => moved.raw().includes(':ok'), 'the stream to open')
    await publish(b.url, token, slug, 'From B 4')
    await moved.waitForSeq(4)
    await onB.waitForSeq(4)
    expect(moved.events().map((f) => f.data.type)).toEqual(['update.published'])
    expect(moved.ids()).toEqual([4])
    // The reader that stayed on B gets the events B missed on its bus from the log, in order.
    expect(onB.ids()).toEqual(range(1, 4))
  })
})
