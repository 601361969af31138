/**
 * Process-level faults: Redis and PostgreSQL go away and come back while two `sitrep serve`
 * processes take a stream of writes and readers are connected to both. Readers must end up with
 * every event once and in order, no acknowledged write may be lost, writes during a database
 * outage must be refused with a clear 503, and /readyz must say what is down, quickly.
 * The instances are throwaway ones started here (never the machine's own services).
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import {
  createStory,
  eventLog,
  openRawSse,
  publish,
  range,
  type RawSseReader,
} from '../helpers/stream-client.js'
import {
  REQUIRE_SERVICES,
  startPostgres,
  startRedis,
  throwawayServicesUnavailable,
  type ThrowawayPostgres,
  type ThrowawayRedis,
} from '../helpers/throwaway-services.js'

const SLOW = { timeout: 90_000 }

const unavailable = throwawayServicesUnavailable()
if (unavailable && REQUIRE_SERVICES)
  throw new Error(`[outages.process] CI requires throwaway Redis and PostgreSQL: ${unavailable}`)
if (unavailable) console.warn(`[outages.process] skipped: ${unavailable}`)

/** One write attempt of the load and how it ended. */
interface Attempt {
  headline: string
  status: number | 'timeout' | 'network'
  code?: string
}

/** Writers publishing in turn through both processes until stopped. */
function startLoad(
  servers: ServerProcess[],
  token: string,
  slug: string,
  writers = 2,
): { attempts: Attempt[]; stop(): Promise<Attempt[]> } {
  const attempts: Attempt[] = []
  let stopped = false
  const loops = range(1, writers).map(async (w) => {
    for (let i = 1; !stopped; i++) {
      const server = servers[(w + i) % servers.length]!
      const headline = `Writer ${w} update ${i}`
      const attempt: Attempt = { headline, status: 'network' }
      try {
        const res = await fetch(`${server.url}/api/v1/stories/${slug}/updates`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ headline, body: `Body of ${headline}.`, status: 'published' }),
          // A write must be answered, one way or the other, well within this.
          signal: AbortSignal.timeout(10_000),
        })
        attempt.status = res.status
        const body = (await res.json().catch(() => undefined)) as
          { error?: { code?: string } } | undefined
        attempt.code = body?.error?.code
      } catch (error) {
        attempt.status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network'
      }
      attempts.push(attempt)
      await new Promise((r) => setTimeout(r, attempt.status === 201 ? 10 : 100))
    }
  })
  return {
    attempts,
    stop: async () => {
      stopped = true
      await Promise.all(loops)
      return attempts
    },
  }
}

interface Readiness {
  status: number
  ms: number
  body: { status: string; database: string; bus: string }
}

async function readyz(server: ServerProcess): Promise<Readiness> {
  const started = performance.now()
  const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(15_000) })
  const body = (await res.json()) as Readiness['body']
  return { status: res.status, ms: performance.now() - started, body }
}

/** Polls /readyz until `done` holds; returns every answer seen. */
async function waitForReadiness(
  server: ServerProcess,
  done: (r: Readiness) => boolean,
  label: string,
  timeoutMs = 20_000,
): Promise<Readiness[]> {
  const seen: Readiness[] = []
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const r = await readyz(server)
    seen.push(r)
    if (done(r)) return seen
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label}; last /readyz ${JSON.stringify(r)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe.skipIf(unavailable)('Redis and PostgreSQL outages under load', SLOW, () => {
  let redis: ThrowawayRedis | undefined
  let postgres: ThrowawayPostgres | undefined
  let dataDir: string | undefined
  let token: string
  let a: ServerProcess
  let b: ServerProcess
  const readers: RawSseReader[] = []

  beforeAll(async () => {
    ;[redis, postgres] = await Promise.all([startRedis(), startPostgres()])
    dataDir = tempDir()
    const env = {
      SITREP_DATA: dataDir,
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      // No catch-up on a timer: whatever readers get after an outage comes from the reconnect.
      SITREP_HEARTBEAT_MS: '3600000',
    }
    token = await createTokenViaCli(env, 'editor')
    ;[a, b] = await Promise.all([spawnServer(env), spawnServer(env)])
  }, 90_000)

  afterAll(async () => {
    for (const reader of readers.splice(0)) reader.close()
    await Promise.allSettled([a?.kill9(), b?.kill9()])
    await Promise.allSettled([redis?.destroy(), postgres?.destroy()])
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const openReaders = (slug: string): RawSseReader[] => {
    const opened = [a, b].map((s) =>
      openRawSse(`${s.url}/stories/${slug}/events`, { 'last-event-id': '0' }),
    )
    readers.push(...opened)
    return opened
  }

  /** Every reader has the whole log once, in order; every acknowledged write is in it once. */
  const expectNothingLost = async (
    slug: string,
    streams: RawSseReader[],
    attempts: Attempt[],
  ): Promise<void> => {
    const log = await eventLog(a.url, slug)
    expect(log.items.map((e) => e.seq)).toEqual(range(1, log.lastEventId))
    for (const reader of streams) {
      await reader.waitForSeq(log.lastEventId, 15_000)
      expect(reader.ids()).toEqual(range(1, log.lastEventId))
      expect(reader.events().map((f) => f.data)).toEqual(log.items.map((e) => e.data))
    }
    const logged = log.items.map((e) => e.data.update?.headline as string)
    const acknowledged = attempts.filter((t) => t.status === 201).map((t) => t.headline)
    expect(acknowledged.length).toBeGreaterThan(0)
    for (const headline of acknowledged)
      expect(
        logged.filter((h) => h === headline),
        headline,
      ).toHaveLength(1)
    expect(a.child.exitCode).toBeNull()
    expect(b.child.exitCode).toBeNull()
  }

  it('loses nothing while Redis is down, reports it, and catches readers up when it is back', async () => {
    const slug = 'redis-outage'
    await createStory(a.url, token, slug)
    const streams = openReaders(slug)
    for (const r of streams) await r.waitUntil(() => r.raw().includes(':ok'), 'the stream to open')
    const load = startLoad([a, b], token, slug)
    await sleep(500)

    await redis!.stop()
    for (const server of [a, b]) {
      const seen = await waitForReadiness(server, (r) => r.body.bus === 'unreachable', 'bus down')
      const down = seen.at(-1)!
      // The processes still serve reads and writes from the database: degraded, not out.
      expect(down.status).toBe(200)
      expect(down.body).toMatchObject({ status: 'degraded', database: 'ok', bus: 'unreachable' })
      expect(Math.max(...seen.map((r) => r.ms))).toBeLessThan(3_000)
    }
    await sleep(1_500)
    const attempts = await load.stop()
    // The database is fine: every write during the outage is accepted.
    expect(attempts.filter((t) => t.status !== 201)).toEqual([])

    await redis!.start()
    for (const server of [a, b])
      await waitForReadiness(server, (r) => r.status === 200 && r.body.bus === 'ok', 'bus back')
    await expectNothingLost(slug, streams, attempts)

    // Live delivery across processes works again.
    const after: Attempt[] = []
    for (const [i, server] of [a, b, a, b].entries()) {
      const headline = `After Redis ${i}`
      await publish(server.url, token, slug, headline)
      after.push({ headline, status: 201 })
    }
    await expectNothingLost(slug, streams, [...attempts, ...after])
  })

  it('refuses writes with 503 while PostgreSQL is down, reports it, and recovers', async () => {
    const slug = 'postgres-outage'
    await createStory(a.url, token, slug)
    const streams = openReaders(slug)
    for (const r of streams) await r.waitUntil(() => r.raw().includes(':ok'), 'the stream to open')
    const load = startLoad([a, b], token, slug)
    await sleep(500)

    await postgres!.stop()
    for (const server of [a, b]) {
      const seen = await waitForReadiness(
        server,
        (r) => r.body.database === 'unreachable',
        'database down',
      )
      expect(seen.at(-1)).toMatchObject({
        status: 503,
        body: { status: 'not ready', database: 'unreachable', bus: 'ok' },
      })
      expect(Math.max(...seen.map((r) => r.ms))).toBeLessThan(3_000)
    }
    await sleep(1_500)
    // A reader arriving now is told plainly too.
    const late = await fetch(`${b.url}/stories/${slug}/events`, {
      headers: { accept: 'text/event-stream' },
      signal: AbortSignal.timeout(10_000),
    })
    expect(late.status).toBe(503)
    await late.body?.cancel()

    await postgres!.start()
    for (const server of [a, b])
      await waitForReadiness(server, (r) => r.status === 200, 'database back', 30_000)
    const before = load.attempts.length
    await sleep(1_000)
    const attempts = await load.stop()

    const refused = attempts.filter((t) => t.status !== 201)
    expect(refused.length).toBeGreaterThan(0)
    for (const t of refused) expect(t).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' })
    // Once it is back, writes through both processes succeed again (the pools recovered).
    const recovered = attempts.slice(before)
    expect(recovered.length).toBeGreaterThan(2)
    expect(recovered.filter((t) => t.status !== 201)).toEqual([])
    await expectNothingLost(slug, streams, attempts)
  })
})
