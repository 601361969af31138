/**
 * Random and hostile requests thrown at every operation of the served OpenAPI document: the
 * server never answers 500, every refusal is in the error catalog's shape, and a refused request
 * writes nothing.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERRORS } from '../../src/errors.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

interface Operation {
  method: string
  path: string
  /** Names the operation declares: its body's top-level properties and its query parameters. */
  fields: string[]
  query: string[]
}

/** Streams answer forever, so they are probed elsewhere (stream and presence tests). */
const STREAMS = new Set(['GET /api/v1/stories/{slug}/presence', 'GET /stories/{slug}/events'])

/** Tables a refused request must leave alone (the audit log records failed sign-ins on purpose). */
const WATCHED = [
  'story',
  'story_update',
  'story_event',
  'source',
  'claim',
  'attribution',
  'api_token',
  'app_user',
  'feed_source',
  'import_record',
] as const

type Schema = { properties?: Record<string, unknown>; $ref?: string }

function operations(doc: {
  paths: Record<string, Record<string, { requestBody?: any; parameters?: any[] }>>
  components?: { schemas?: Record<string, Schema> }
}): Operation[] {
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s
  const out: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const upper = method.toUpperCase()
      if (STREAMS.has(`${upper} ${path}`)) continue
      const body = resolve(op.requestBody?.content?.['application/json']?.schema)
      out.push({
        method: upper,
        path,
        fields: Object.keys(body?.properties ?? {}),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name as string),
      })
    }
  }
  return out
}

/** Values that have broken servers: control characters, lone surrogates, huge and deep values. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\ud800b',
    '\udc00',
    '\u200b',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    'http://127.0.0.1/',
    '../../etc/passwd',
    '2038-01-19T03:14:08Z',
    '9999-99-99',
    'W/"1"',
    'x'.repeat(70_000),
    -1,
    0,
    2 ** 31,
    2 ** 53 + 1,
    1e308,
    -0.5,
    true,
    null,
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc
    .integer({ min: 1, max: 60 })
    .map((depth) => JSON.parse('['.repeat(depth * 10) + ']'.repeat(depth * 10))),
)

const pathValue = (known: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...known),
    fc.constantFrom('%00', '..', '%E0%A4%A', 'x'.repeat(600), '0', '-1', '%F0%9F%98%80', 'null'),
    fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  )

describe.each(BACKENDS)('every route under random and hostile input on %s', (backend) => {
  let server: TestServer
  let admin: string
  let ops: Operation[]
  const known: Record<string, string[]> = { slug: ['quake'], id: [], entry: [], update: [] }
  known.suggestion = []

  const counts = async (): Promise<number[]> =>
    Promise.all(WATCHED.map(async (table) => server.rows(table)))

  beforeAll(async () => {
    server = await startTestServer(backend)
    admin = await server.token('admin')
    const api = (method: string, path: string, body?: unknown) =>
      request(server.url, method, `/api/v1${path}`, { token: admin, body })
    await api('POST', '/stories', { title: 'Quake', slug: 'quake' })
    const update = await api('POST', '/stories/quake/updates', {
      headline: 'Shaking felt',
      body: 'The agency said the quake was strong.',
      status: 'published',
    })
    const claim = await api('POST', '/stories/quake/claims', { proposition: 'The quake was M6' })
    const statement = await api('POST', `/claims/${claim.body.id}/attributions`, {
      source: { name: 'Seismic Agency', kind: 'agency' },
      stance: 'asserts',
      quote: 'the quake was strong',
    })
    known.id = [update.body.id, claim.body.id, statement.body.id ?? statement.body.attribution?.id]
    known.id = known.id.filter((x): x is string => typeof x === 'string')
    known.update = [update.body.id]
    ops = operations((await request(server.url, 'GET', '/api/v1/openapi.json')).body)
  })
  afterAll(async () => server?.close())

  it('finds the operations to probe in the served document', () => {
    expect(ops.length).toBeGreaterThan(40)
  })

  it('never answers 500, refuses in the catalog shape, and writes nothing on refusal', async () => {
    const codes = new Set(Object.keys(ERRORS))
    for (const op of ops) {
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
      const body = fc.oneof(
        hostileValue,
        op.fields.length > 0
          ? fc.dictionary(fc.constantFrom(...op.fields), hostileValue, { maxKeys: 6 })
          : fc.constant(undefined),
      )
      const query = fc.dictionary(
        op.query.length > 0 ? fc.constantFrom(...op.query) : fc.constant('after'),
        fc.constantFrom('1e309', '-1', '2147483648', 'abc', '', '%00', '0x10', '1.5'),
        { maxKeys: 3 },
      )
      const ifMatch = fc.constantFrom(undefined, '"1"', 'W/"1"', '*', 'garbage', '"99999999999"')
      const params = fc.tuple(...names.map((n) => pathValue(known[n]?.length ? known[n]! : ['x'])))
      await fc.assert(
        fc.asyncProperty(
          body,
          query,
          ifMatch,
          names.length > 0 ? params : fc.constant([]),
          async (b, q, m, p) => {
            let path = op.path
            names.forEach((name, i) => (path = path.replace(`{${name}}`, p[i]!)))
            const qs = new URLSearchParams(q as Record<string, string>).toString()
            const before = await counts()
            const res = await request(server.url, op.method, path + (qs ? `?${qs}` : ''), {
              token: admin,
              ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: b ?? {} }),
              headers: m ? { 'if-match': m } : {},
            })
            const where = `${op.method} ${path} → ${res.status} ${res.text.slice(0, 200)}`
            expect(res.status, where).toBeLessThan(500)
            if (res.status >= 400) {
              expect(codes.has(res.body?.error?.code), where).toBe(true)
              expect(typeof res.body.error.message, where).toBe('string')
              expect(res.text, where).not.toMatch(/\n\s+at /)
              expect(await counts(), where).toEqual(before)
            }
          },
        ),
        { numRuns: 12, seed: Number(process.env.SITREP_FUZZ_SEED ?? 20261207) },
      )
    }
  }, 240_000)
})
