/**
 * The story map under load at process level: six clients without a cache fetching the map of a
 * long story do not hold up the server, because the map is rendered once per story version and
 * the rendering gives the loop back while it works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../helpers/backends.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import { createStory, publish } from '../helpers/stream-client.js'

const SLOW = { timeout: 180_000 }
const UPDATES = 300
const BODY =
  'Officials in Kyiv and Bakhmut said the town of Soledar was under fire. The ministry in Moscow claimed gains near Donetsk. '.repeat(
    16,
  )
const CLIENTS = 6
const LOAD_MS = 5_000

describe('the story map under load', SLOW, () => {
  let backend: Backend
  let server: ServerProcess
  let token: string
  const slug = 'map-load'

  beforeAll(async () => {
    backend = await createBackend('sqlite')
    token = await createTokenViaCli(backend.env, 'editor')
    server = await spawnServer(backend.env)
    await createStory(server.url, token, slug)
    let next = 0
    const writer = async (): Promise<void> => {
      while (next < UPDATES) {
        next++
        await publish(server.url, token, slug, `Shelling near Soledar, report ${next}`, BODY)
      }
    }
    await Promise.all([writer(), writer(), writer()])
  }, 180_000)

  afterAll(async () => {
    await server?.kill9()
    await backend?.cleanup()
  })

  it('keeps /healthz fast while six clients fetch the map of a story that just changed', async () => {
    // The gazetteer loads once, on the first map; that start-up cost is not what is measured.
    expect((await fetch(`${server.url}/stories/${slug}/map`)).status).toBe(200)
    await publish(server.url, token, slug, 'Shelling near Soledar, latest', BODY)

    const deadline = Date.now() + LOAD_MS
    const statuses: number[] = []
    const etags = new Set<string | null>()
    const client = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const res = await fetch(`${server.url}/stories/${slug}/map`)
        await res.arrayBuffer()
        statuses.push(res.status)
        etags.add(res.headers.get('etag'))
      }
    }
    const latencies: number[] = []
    const probe = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const started = performance.now()
        const res = await fetch(`${server.url}/healthz`)
        await res.arrayBuffer()
        latencies.push(performance.now() - started)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    await Promise.all([...Array.from({ length: CLIENTS }, client), probe()])

    latencies.sort((a, b) => a - b)
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? Infinity
    console.log(
      JSON.stringify({
        map_requests: statuses.length,
        healthz_p50_ms: latencies[Math.floor(latencies.length / 2)],
        healthz_p95_ms: p95,
        healthz_max_ms: latencies.at(-1),
      }),
    )
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(etags.size).toBe(1)
    expect(p95).toBeLessThan(200)
  })
})
