/**
 * Process-level (b): `kill -9` right after a write is acknowledged. After a restart on the same
 * data, the update and its event are there: by GET, in the polling log, and replayed on the stream.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
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

describe.each(BACKENDS)('kill -9 after an acknowledged write (%s)', SLOW, (backendName) => {
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
    const server = await spawnServer(backend!.env)
    servers.push(server)
    return server
  }

  it('keeps the update and its event, and every write acknowledged before a kill -9 in a burst', async () => {
    backend = await createBackend(backendName)
    const token = await createTokenViaCli(backend.env, 'editor')
    const slug = 'durable'
    let server = await start()
    await createStory(server.url, token, slug)
    for (const i of range(1, 3)) await publish(server.url, token, slug, `Before ${i}`)
    const before = 3

    const acked = await publish(server.url, token, slug, 'Acknowledged, then killed')
    await server.kill9()

    server = await start()
    const got = await request(server.url, 'GET', `/api/v1/stories/${slug}/updates/${acked.id}`)
    expect(got.status).toBe(200)
    expect(got.body.headline).toBe('Acknowledged, then killed')
    expect(got.body.version).toBe(acked.version)

    const log = await eventLog(server.url, slug, before)
    expect(log.lastEventId).toBe(before + 1)
    expect(log.items).toHaveLength(1)
    expect(log.items[0]).toMatchObject({ seq: before + 1, type: 'update.published' })
    expect(log.items[0]?.data.update.id).toBe(acked.id)

    const replay = openRawSse(`${server.url}/stories/${slug}/events?lastEventId=${before}`)
    readers.push(replay)
    await replay.waitForSeq(before + 1)
    expect(replay.ids()).toEqual([before + 1])
    expect(replay.events()[0]?.data).toMatchObject({
      type: 'update.published',
      seq: before + 1,
      update: { id: acked.id },
    })

    // Same data, a second story: kill -9 in the middle of a burst of concurrent writes. Four
    // writers publish as fast as they can; the process is killed once 20 writes are acknowledged,
    // with others in flight. Every acknowledged write (every 201 received, even after the kill
    // was sent) must survive; those in flight may or may not, but the log stays gap-free.
    const burst = 'durable-burst'
    await createStory(server.url, token, burst)
    const acknowledged: string[] = []
    let killed: Promise<void> | undefined
    const victim = server
    const writer = async (w: number): Promise<void> => {
      for (let i = 1; !killed; i++) {
        try {
          acknowledged.push((await publish(victim.url, token, burst, `Burst ${w}.${i}`)).id)
        } catch {
          return // the process is gone
        }
        if (acknowledged.length >= 20) killed ??= victim.kill9()
      }
    }
    await Promise.all(range(1, 4).map(writer))
    await killed

    server = await start()
    const burstLog = await eventLog(server.url, burst)
    expect(burstLog.items.map((e) => e.seq)).toEqual(range(1, burstLog.lastEventId))
    const logged = new Set(burstLog.items.map((e) => e.data.update.id as string))
    for (const id of acknowledged) expect(logged.has(id), id).toBe(true)
    for (const id of acknowledged) {
      const res = await request(server.url, 'GET', `/api/v1/stories/${burst}/updates/${id}`)
      expect(res.status, id).toBe(200)
    }
  })
})
