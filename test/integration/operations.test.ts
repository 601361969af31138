import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERRORS } from '../../src/errors.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse } from '../helpers/sse.js'

describe('operations', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer('sqlite')
  })
  afterAll(async () => server?.close())

  it('reports liveness and readiness', async () => {
    expect((await request(server.url, 'GET', '/healthz')).body).toEqual({ status: 'ok' })
    const ready = await request(server.url, 'GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', bus: 'ok' })
  })

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const own = await request(server.url, 'GET', '/healthz', {
      headers: { 'x-request-id': 'lb-1234' },
    })
    expect(own.headers.get('x-request-id')).toBe('lb-1234')
    const generated = await request(server.url, 'GET', '/healthz', {
      headers: { 'x-request-id': '<script>' },
    })
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('exposes Prometheus metrics for requests, streams, fan-out and latency', async () => {
    const editor = await server.token('editor')
    await request(server.url, 'POST', '/api/v1/stories', {
      token: editor,
      body: { title: 'Metrics', slug: 'metrics' },
    })
    const reader = openSse(`${server.url}/stories/metrics/events`)
    await reader.status
    await expect
      .poll(async () => (await request(server.url, 'GET', '/metrics')).text)
      .toMatch(/sitrep_stream_connections 1/)
    await request(server.url, 'POST', '/api/v1/stories/metrics/updates', {
      token: editor,
      body: { headline: 'x', status: 'published' },
    })
    await reader.waitFor(1)
    const text = (await request(server.url, 'GET', '/metrics')).text
    expect(text).toMatch(
      /sitrep_http_requests_total\{method="POST",route="\/api\/v1\/stories",status="201"\} 1/,
    )
    expect(text).toMatch(/sitrep_events_fanned_out_total 1/)
    expect(text).toMatch(/sitrep_publish_to_write_seconds_count 1/)
    reader.close()
    await expect
      .poll(async () => (await request(server.url, 'GET', '/metrics')).text)
      .toMatch(/sitrep_stream_connections 0/)
  })

  it('serves the OpenAPI document, identical to the committed docs/openapi.json, and a browsable page', async () => {
    const doc = await request(server.url, 'GET', '/api/v1/openapi.json')
    expect(doc.status).toBe(200)
    expect(doc.body.paths['/api/v1/stories/{slug}/updates']).toBeDefined()
    const committed = JSON.parse(fs.readFileSync('docs/openapi.json', 'utf8'))
    expect(doc.body, 'docs/openapi.json is stale: run `npm run generate`').toEqual(committed)
    const page = await fetch(`${server.url}/api/docs`, { redirect: 'follow' })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('swagger')
  })

  it('keeps the error catalog, the OpenAPI Error schema and docs/errors.md in step', async () => {
    const doc = (await request(server.url, 'GET', '/api/v1/openapi.json')).body
    const schemaCodes = doc.components.schemas.Error.properties.error.properties.code
      .enum as string[]
    expect(schemaCodes.sort()).toEqual(Object.keys(ERRORS).sort())
    const page = fs.readFileSync('docs/errors.md', 'utf8')
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(page, `docs/errors.md lacks ${code}`).toMatch(
        new RegExp(`\\| \`${code}\` \\| ${status} \\|`),
      )
    }
  })
})
