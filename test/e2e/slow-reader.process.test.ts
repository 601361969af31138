/**
 * Invariant 5 at process level: a reader that stops reading its socket is disconnected once its
 * unsent bytes pass SITREP_STREAM_MAX_UNSENT, while a normal reader keeps receiving everything.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import {
  createStory,
  metric,
  openRawSse,
  openStalledReader,
  publish,
  range,
  waitForCondition,
  type RawSseReader,
  type StalledReader,
} from '../helpers/stream-client.js'

/** Server processes start one after another on a shared two-core machine: be generous. */
const SLOW = { timeout: 150_000 }

const MAX_UNSENT = 16_384
/**
 * Ukrainian text, near the 100,000-character limit: each frame (body and rendered body) is about
 * 380 KB, larger than the bound here and than the default bound (256 KiB). The kernel's socket
 * buffers hold a few MB before the server's own queue starts to grow.
 */
const BODY = 'Обстріл поблизу соляної шахти тривав усю ніч. '.repeat(2_100)
/** Enough to overflow any socket buffer this machine allows (tcp_wmem max is 4 MiB). */
const MAX_EVENTS = 60

describe.each(BACKENDS)('a reader that stops reading (%s)', SLOW, (backendName) => {
  let backend: Backend | undefined
  let server: ServerProcess | undefined
  let fast: RawSseReader | undefined
  let stalled: StalledReader | undefined
  let lateReader: RawSseReader | undefined

  afterEach(async () => {
    fast?.close()
    stalled?.close()
    lateReader?.close()
    await server?.kill9()
    await backend?.cleanup()
    server = backend = fast = stalled = lateReader = undefined
  })

  it('is disconnected past the bound while a normal reader receives everything', async () => {
    backend = await createBackend(backendName)
    const token = await createTokenViaCli(backend.env, 'editor')
    server = await spawnServer({ ...backend.env, SITREP_STREAM_MAX_UNSENT: String(MAX_UNSENT) })
    const base = server.url
    const slug = 'slow-reader'
    await createStory(base, token, slug)

    fast = openRawSse(`${base}/stories/${slug}/events`, { 'last-event-id': '0' })
    await fast.waitUntil(() => fast!.raw().includes(':ok'), 'the stream to open')
    stalled = await openStalledReader(server.port, `/stories/${slug}/events`, {
      'Last-Event-ID': '0',
    })
    await waitForCondition(
      async () => (await metric(base, 'sitrep_stream_connections')) === 2,
      'both readers to be connected',
    )

    // Publish until the server gives up on the stalled reader, then a few more; the fast reader
    // reads each event before the next is published, as a reader on a healthy connection would.
    let published = 0
    const dropped = async (): Promise<boolean> =>
      (await metric(base, 'sitrep_stream_slow_readers_dropped_total')) === 1
    while (!(await dropped())) {
      if (published === MAX_EVENTS) throw new Error(`still not dropped after ${published} events`)
      published++
      await publish(base, token, slug, `Update ${published}`, BODY)
      await fast.waitForSeq(published, 30_000)
    }
    for (let i = 0; i < 3; i++) {
      published++
      await publish(base, token, slug, `Update ${published}`, BODY)
      await fast.waitForSeq(published, 30_000)
    }
    expect(fast.ids()).toEqual(range(1, published))
    expect(fast.isEnded()).toBe(false)
    await waitForCondition(
      async () => (await metric(base, 'sitrep_stream_connections')) === 1,
      'only the fast reader to remain',
    )

    // Reading again, the stalled reader gets what the kernel buffered, then the end of the
    // connection: it was closed by the server, not fed the whole story from an unbounded buffer.
    stalled.resume()
    await stalled.ended
    const ids = [...stalled.received().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))
    expect(ids.length).toBeGreaterThan(0)
    expect(ids).toEqual(range(1, ids.length))
    expect(ids.length).toBeLessThan(published)

    // The fast reader is still live.
    await publish(base, token, slug, 'After the drop')
    await fast.waitForSeq(published + 1)
    expect(fast.ids()).toEqual(range(1, published + 1))

    // A reader coming back after missing all of it (megabytes, every frame over the bound)
    // replays it at its own pace instead of being dropped on every attempt.
    const late = openRawSse(`${base}/stories/${slug}/events`, { 'last-event-id': '0' })
    lateReader = late
    await late.waitForSeq(published + 1, 30_000)
    expect(late.ids()).toEqual(range(1, published + 1))
    expect(late.isEnded()).toBe(false)
    await publish(base, token, slug, 'Live again')
    await late.waitForSeq(published + 2)
    await fast.waitForSeq(published + 2)
    expect(late.ids()).toEqual(range(1, published + 2))
    expect(await metric(base, 'sitrep_stream_slow_readers_dropped_total')).toBe(1)
  })
})
