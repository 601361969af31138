/**
 * Process-level (a): a reader connected through the whole run receives every event exactly once,
 * in order, while three writers publish, edit and delete concurrently against a spawned server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import {
  createStory,
  edit,
  eventLog,
  openRawSse,
  publish,
  range,
  remove,
  type Published,
  type RawSseReader,
} from '../helpers/stream-client.js'

/** Server processes start one after another on a shared two-core machine: be generous. */
const SLOW = { timeout: 150_000 }

const WRITERS = 3
const UPDATES_PER_WRITER = 30
/** Each writer edits every 5th of its updates and deletes every 10th (after the edit). */
const EDIT_EVERY = 5
const DELETE_EVERY = 10

describe.each(BACKENDS)('stream order under concurrent writers (%s)', SLOW, (backendName) => {
  let backend: Backend | undefined
  let server: ServerProcess | undefined
  const readers: RawSseReader[] = []

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close()
    await server?.kill9()
    await backend?.cleanup()
    server = backend = undefined
  })

  it('delivers every event exactly once, in order, to a reader connected throughout', async () => {
    backend = await createBackend(backendName)
    const token = await createTokenViaCli(backend.env, 'editor')
    server = await spawnServer(backend.env)
    const base = server.url
    const slug = 'concurrent-writers'
    await createStory(base, token, slug)

    // Connected before the first write. `Last-Event-ID: 0` makes "from the very start" exact
    // even if the first commit lands before the subscription is in place; a second reader
    // without it must get a gap-free tail of the same sequence.
    const reader = openRawSse(`${base}/stories/${slug}/events`, { 'last-event-id': '0' })
    const fresh = openRawSse(`${base}/stories/${slug}/events`)
    readers.push(reader, fresh)
    expect(await reader.status).toBe(200)
    expect(await fresh.status).toBe(200)
    await reader.waitUntil(() => reader.raw().includes(':ok'), 'the stream to open')
    await fresh.waitUntil(() => fresh.raw().includes(':ok'), 'the stream to open')

    const acknowledged = new Map<string, string[]>() // update id → event types it must produce
    const writer = async (w: number): Promise<void> => {
      for (let i = 1; i <= UPDATES_PER_WRITER; i++) {
        let update: Published = await publish(base, token, slug, `Writer ${w} update ${i}`)
        const types = ['update.published']
        if (i % EDIT_EVERY === 0) {
          update = await edit(base, token, slug, update, `Writer ${w} update ${i} (corrected)`)
          types.push('update.edited')
        }
        if (i % DELETE_EVERY === 0) {
          await remove(base, token, slug, update)
          types.push('update.deleted')
        }
        acknowledged.set(update.id, types)
      }
    }
    await Promise.all(range(1, WRITERS).map(writer))

    const perWriter =
      UPDATES_PER_WRITER +
      Math.floor(UPDATES_PER_WRITER / EDIT_EVERY) +
      Math.floor(UPDATES_PER_WRITER / DELETE_EVERY)
    const total = WRITERS * perWriter
    expect(acknowledged.size).toBe(WRITERS * UPDATES_PER_WRITER)

    // A sentinel after every acknowledged write: anything duplicated or out of order would sit
    // before it, so "ids are exactly 1..total+1" proves exactly-once, in order.
    await publish(base, token, slug, 'Sentinel')
    await reader.waitForSeq(total + 1, 30_000)
    await fresh.waitForSeq(total + 1, 30_000)

    expect(reader.ids()).toEqual(range(1, total + 1))
    const freshIds = fresh.ids()
    expect(freshIds.at(-1)).toBe(total + 1)
    expect(freshIds).toEqual(range(freshIds[0] ?? 0, total + 1))

    // The stream carries exactly the log: same numbers, types and payloads.
    const log = await eventLog(base, slug)
    expect(log.lastEventId).toBe(total + 1)
    expect(log.items.map((e) => e.seq)).toEqual(range(1, total + 1))
    const streamed = reader.events().map((f) => f.data)
    expect(streamed).toEqual(log.items.map((e) => e.data))
    for (const [i, data] of streamed.entries()) {
      expect(data.seq).toBe(i + 1)
      expect(data.type).toBe(log.items[i]?.type)
      expect(data.slug).toBe(slug)
    }

    // Every acknowledged write produced its events, in the order it made them.
    const byUpdate = new Map<string, string[]>()
    for (const data of streamed) {
      const id = data.update?.id as string | undefined
      if (id) byUpdate.set(id, [...(byUpdate.get(id) ?? []), data.type as string])
    }
    for (const [id, types] of acknowledged) expect(byUpdate.get(id), id).toEqual(types)
  })
})
