/**
 * Imports at process level: parsing and reading a text run on the extraction threads, so a
 * hostile text, or the first import of a process (which loads the gazetteer and the tagger
 * model), does not hold up /healthz or anyone's stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import { createStory } from '../helpers/stream-client.js'

const SLOW = { timeout: 180_000 }
const WIRE = [
  'date 2031-03-04 The river rose overnight, the hydrological service said.',
  'Bridge closed',
  'The ministry said that the old bridge in Kyiv was closed to traffic.',
].join('\n\n')

/** Latencies of /healthz, probed one after another, while `work` runs. */
async function healthzDuring<T>(
  url: string,
  work: Promise<T>,
): Promise<{ result: T; latencies: number[] }> {
  let done = false
  const result = work.finally(() => (done = true))
  const latencies: number[] = []
  while (!done) {
    const started = performance.now()
    const res = await fetch(`${url}/healthz`)
    await res.arrayBuffer()
    latencies.push(performance.now() - started)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { result: await result, latencies: latencies.sort((a, b) => a - b) }
}

const p95 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.95)] ?? Infinity

describe('imports on the extraction threads', SLOW, () => {
  let backend: Backend
  let server: ServerProcess
  let contributor: string
  const slug = 'hostile'
  const importText = (text: string, file_name: string) =>
    request(server.url, 'POST', `/api/v1/stories/${slug}/imports`, {
      token: contributor,
      body: { text, file_name },
    })

  beforeAll(async () => {
    backend = await createBackend('sqlite')
    const editor = await createTokenViaCli(backend.env, 'editor')
    contributor = await createTokenViaCli(backend.env, 'contributor')
    server = await spawnServer(backend.env)
    await createStory(server.url, editor, slug)
  }, 180_000)

  afterAll(async () => {
    await server?.kill9()
    await backend?.cleanup()
  })

  it('keeps /healthz fast during the first import of a fresh process', async () => {
    const { result, latencies } = await healthzDuring(server.url, importText(WIRE, 'wire.txt'))
    console.log(
      JSON.stringify({
        first_import: true,
        probes: latencies.length,
        healthz_p95_ms: p95(latencies),
        healthz_max_ms: latencies.at(-1),
      }),
    )
    expect(result.status).toBe(200)
    expect(result.body.imported[0].drafts.length).toBeGreaterThan(0)
    expect(p95(latencies)).toBeLessThan(200)
  })

  it('keeps /healthz fast while a contributor imports hostile texts', async () => {
    const hostile = '"(said '.repeat(Math.ceil(150_000 / 7))
    const statements = 'The minister said that the bridge was open. '.repeat(
      Math.ceil(200_000 / 44),
    )
    const { result, latencies } = await healthzDuring(
      server.url,
      Promise.all([importText(hostile, 'said.txt'), importText(statements, 'minister.txt')]),
    )
    console.log(
      JSON.stringify({
        hostile_imports: result.map((r) => r.status),
        probes: latencies.length,
        healthz_p50_ms: latencies[Math.floor(latencies.length / 2)],
        healthz_p95_ms: p95(latencies),
        healthz_max_ms: latencies.at(-1),
      }),
    )
    for (const res of result) {
      if (res.status === 200) expect(res.body.imported.length + res.body.skipped.length).toBe(1)
      else expect(['IMPORT_TOO_SLOW', 'IMPORT_TOO_LARGE']).toContain(res.body.error.code)
    }
    expect(p95(latencies)).toBeLessThan(200)
  })
})
