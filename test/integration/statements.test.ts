import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse } from '../helpers/sse.js'

// An invented situation: Norland says it holds the river port of Kessa. Four statements; one is
// recorded with the wrong stance and corrected, another was recorded on the wrong claim and withdrawn.
const STATEMENTS = [
  {
    source: { name: 'Iron Company', kind: 'armed_group', affiliation: 'Norland' },
    stance: 'asserts',
    quote: 'Our flag flies over the port of Kessa.',
    stated_at: '2026-03-02T09:00:00Z',
  },
  {
    // "Earlier this week": only the span is known.
    source: { name: 'Norland Ministry of Defence', kind: 'military', affiliation: 'Norland' },
    stance: 'asserts',
    quote: 'Kessa has been under our control for several days.',
    stated_from: '2026-03-03',
    stated_to: '2026-03-04',
  },
  {
    source: { name: 'Sudria General Staff', kind: 'military', affiliation: 'Sudria' },
    stance: 'asserts',
    quote: 'Our units have left the port of Kessa.',
    stated_at: '2026-03-04T12:00:00Z',
  },
  {
    source: { name: 'Meridian Conflict Institute', kind: 'think_tank' },
    stance: 'denies',
    quote: 'There is no sign that Norland holds the port.',
    stated_at: '2026-03-05T07:00:00Z',
  },
] as const

describe.each(BACKENDS)('statements corrected and withdrawn on %s', (backend) => {
  let server: TestServer
  let editor: string
  let admin: string
  let contributor: string
  let claimId: string
  const ids: string[] = []
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)
  const count = async (
    table:
      'attribution' | 'attribution_revision' | 'claim_revision' | 'story_event' | 'audit_entry',
  ) => server.rows(table)
  const snapshot = async () => ({
    attributions: await count('attribution'),
    versions: await count('attribution_revision'),
    revisions: await count('claim_revision'),
    events: await count('story_event'),
    audit: await count('audit_entry'),
    claim: (await api('GET', `/claims/${claimId}`)).body,
  })
  /** The reader's panel as text: the groups under the lead. */
  const panel = async () => {
    const html = await (await fetch(`${server.url}/stories/kessa`)).text()
    const section = /<section class="claims-panel"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    return section
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/&#x27;|&#39;/g, "'")
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    admin = await server.token('admin')
    contributor = await server.token('contributor')
    expect(
      (await api('POST', '/stories', { token: editor, body: { title: 'Kessa', slug: 'kessa' } }))
        .status,
    ).toBe(201)
    const created = await api('POST', '/stories/kessa/claims', {
      token: editor,
      body: { proposition: 'Norland forces hold the port of Kessa' },
    })
    claimId = created.body.id
  })
  afterAll(async () => server?.close())

  it('records when each statement was said, apart from when it was recorded, and orders by it', async () => {
    for (const body of STATEMENTS) {
      const res = await api('POST', `/claims/${claimId}/attributions`, { token: editor, body })
      expect(res.status, res.text).toBe(201)
      ids.push(res.body.id)
    }
    const span = await api('GET', `/attributions/${ids[1]}`)
    expect(span.status).toBe(200)
    expect(span.headers.get('etag')).toBe('"1"')
    expect(span.body).toMatchObject({
      id: ids[1],
      claim_id: claimId,
      stated_at: null,
      stated_from: '2026-03-03T00:00:00.000Z',
      stated_to: '2026-03-04T23:59:59.999Z',
      version: 1,
      withdrawn_at: null,
      corrected_at: null,
      claim: { id: claimId, suggested_status: 'contested' },
    })
    expect(Date.parse(span.body.recorded_at)).toBeGreaterThan(Date.parse('2026-03-06'))
    const claim = (await api('GET', `/claims/${claimId}`)).body
    expect(claim.attributions.map((a: any) => a.id)).toEqual(ids)
    expect(await panel()).toContain(
      'Asserted by Iron Company, Norland Ministry of Defence, Sudria General Staff.',
    )
    expect(await panel()).toContain('Denied by Meridian Conflict Institute.')
  })

  it('withdraws a statement and corrects another: groups, suggested status, history, audit and events follow, in order', async () => {
    const reader = openSse(`${server.url}/stories/kessa/events`, { 'last-event-id': '5' })
    expect(await reader.status).toBe(200)

    const withdrawn = await api('POST', `/attributions/${ids[3]}/withdraw`, {
      token: editor,
      body: { reason: 'Recorded on the wrong claim: the institute spoke about Veldra.' },
    })
    expect(withdrawn.status, withdrawn.text).toBe(200)
    expect(withdrawn.headers.get('etag')).toBe('"2"')
    expect(withdrawn.body).toMatchObject({
      version: 2,
      withdrawn_by: 'test editor',
      withdrawn_reason: 'Recorded on the wrong claim: the institute spoke about Veldra.',
      claim: { suggested_status: 'confirmed', attribution_count: 3 },
    })
    expect(await panel()).not.toContain('Meridian')

    const stale = await api('GET', `/attributions/${ids[2]}`)
    const corrected = await api('PATCH', `/attributions/${ids[2]}`, {
      token: editor,
      headers: { 'if-match': stale.headers.get('etag')! },
      body: {
        stance: 'declines_to_confirm',
        stated_at: '2026-03-01T12:00:00Z',
        reason: 'Misread: the General Staff declined to confirm, two days earlier.',
      },
    })
    expect(corrected.status, corrected.text).toBe(200)
    expect(corrected.headers.get('etag')).toBe('"2"')
    expect(corrected.body).toMatchObject({
      stance: 'declines_to_confirm',
      stated_at: '2026-03-01T12:00:00.000Z',
      recorded_at: stale.body.recorded_at,
      version: 2,
      correction_reason: 'Misread: the General Staff declined to confirm, two days earlier.',
      claim: { suggested_status: 'contested' },
    })
    const text = await panel()
    expect(text).toContain('Asserted by Iron Company, Norland Ministry of Defence.')
    // Declining to confirm is a stance of its own, not a side.
    expect(text).toContain('Not confirmed by Sudria General Staff.')

    // The claim keeps the withdrawn statement, with why, and orders by the corrected time.
    const claim = (await api('GET', `/claims/${claimId}`)).body
    expect(claim.attributions.map((a: any) => [a.id, a.stance, a.withdrawn_reason])).toEqual([
      [ids[2], 'declines_to_confirm', null],
      [ids[0], 'asserts', null],
      [ids[1], 'asserts', null],
      [ids[3], 'denies', 'Recorded on the wrong claim: the institute spoke about Veldra.'],
    ])
    expect(
      claim.history.slice(-2).map((h: any) => [h.change, h.suggested_status, h.detail]),
    ).toEqual([
      [
        'attribution_withdrawn',
        'confirmed',
        {
          attribution: ids[3],
          version: '2',
          reason: 'Recorded on the wrong claim: the institute spoke about Veldra.',
        },
      ],
      [
        'attribution_corrected',
        'contested',
        {
          attribution: ids[2],
          version: '2',
          reason: 'Misread: the General Staff declined to confirm, two days earlier.',
          fields: 'stance,stated_at',
        },
      ],
    ])

    // Every version stays listable.
    const versions = (await api('GET', `/attributions/${ids[2]}/revisions`)).body.items
    expect(
      versions.map((v: any) => [v.version, v.change, v.stance, v.stated_at, v.reason]),
    ).toEqual([
      [1, 'recorded', 'asserts', '2026-03-04T12:00:00.000Z', ''],
      [
        2,
        'corrected',
        'declines_to_confirm',
        '2026-03-01T12:00:00.000Z',
        'Misread: the General Staff declined to confirm, two days earlier.',
      ],
    ])
    expect(versions[0].source.name).toBe('Sudria General Staff')
    const gone = (await api('GET', `/attributions/${ids[3]}/revisions`)).body.items
    expect(gone.map((v: any) => [v.version, v.change, v.stance])).toEqual([
      [1, 'recorded', 'denies'],
      [2, 'withdrawn', 'denies'],
    ])

    // Readers got both changes live, in order, with the claim as it then stood.
    const messages = await reader.waitFor(2)
    expect(messages.map((m) => [Number(m.id), m.data.type, m.data.claim.suggested_status])).toEqual(
      [
        [6, 'attribution.withdrawn', 'confirmed'],
        [7, 'attribution.corrected', 'contested'],
      ],
    )
    expect(messages[0]!.data.attribution).toMatchObject({ id: ids[3], version: 2 })
    // The statements that count travel with each change, so readers rebuild the claim's card.
    expect(messages[0]!.data.statements.map((a: any) => a.id)).toEqual([ids[0], ids[1], ids[2]])
    expect(messages[1]!.data.statements.map((a: any) => [a.id, a.stance])).toEqual([
      [ids[2], 'declines_to_confirm'],
      [ids[0], 'asserts'],
      [ids[1], 'asserts'],
    ])
    reader.close()

    // One audit row per change, naming the statement, with before and after.
    const audit = (
      await api('GET', '/audit?action=attribution.', { token: admin })
    ).body.items.filter((e: any) => e.action !== 'attribution.add')
    expect(audit.map((e: any) => [e.action, e.target_type, e.target_id, e.story])).toEqual([
      ['attribution.correct', 'attribution', ids[2], 'kessa'],
      ['attribution.withdraw', 'attribution', ids[3], 'kessa'],
    ])
    expect(audit[0].before).toMatchObject({ stance: 'asserts', version: 1 })
    expect(audit[0].after).toMatchObject({ stance: 'declines_to_confirm', version: 2 })
    expect(audit[0].request_id).not.toBe('')
  })

  it('shows readers "corrected" with the reason and the withdrawn statement struck through on the claim page', async () => {
    const html = await (await fetch(`${server.url}/stories/kessa/claims/${claimId}`)).text()
    const item = (id: string) =>
      new RegExp(`<li id="statement-${id}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? ''
    expect(item(ids[2]!)).toMatch(/Corrected[\s\S]*Misread: the General Staff declined/)
    expect(item(ids[3]!)).toContain('class="statement-withdrawn"')
    expect(item(ids[3]!)).toMatch(/<s>[\s\S]*There is no sign[\s\S]*<\/s>/)
    expect(item(ids[3]!)).toMatch(/Withdrawn[\s\S]*Recorded on the wrong claim/)
    expect(item(ids[1]!)).toMatch(/Said <time[^>]*>between 3 Mar 2026<\/time> and <time/)
    expect(html).toMatch(/A statement by Sudria General Staff was corrected: Misread/)
    const ledger = await (await fetch(`${server.url}/stories/kessa/claims`)).text()
    expect(ledger).toContain('3 statements')
  })

  it('refuses a stale or missing version, a missing reason, a second withdrawal and a span that ends before it starts, changing nothing', async () => {
    const before = await snapshot()
    const cases: Array<[string, string, Parameters<typeof request>[3], number, string, RegExp]> = [
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        { headers: { 'if-match': '"1"' }, body: { quote: 'x', reason: 'typo' } },
        412,
        'ATTRIBUTION_VERSION_CONFLICT',
        /version 2 now/,
      ],
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        { body: { quote: 'x', reason: 'typo' } },
        428,
        'PRECONDITION_REQUIRED',
        /If-Match: "2"/,
      ],
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        { headers: { 'if-match': '"2"' }, body: { quote: 'x' } },
        400,
        'REQUEST_VALIDATION_FAILED',
        /body\.reason is required/,
      ],
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        { headers: { 'if-match': '"2"' }, body: { quote: 'x', reason: '   ' } },
        400,
        'REQUEST_VALIDATION_FAILED',
        /body\.reason is required: say why/,
      ],
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        {
          headers: { 'if-match': '"2"' },
          body: { stated_from: '2026-03-04', stated_to: '2026-03-02', reason: 'span' },
        },
        400,
        'REQUEST_VALIDATION_FAILED',
        /stated_to \(2026-03-02T23:59:59\.999Z\) is before body\.stated_from/,
      ],
      [
        'PATCH',
        `/attributions/${ids[2]}`,
        {
          headers: { 'if-match': '"2"' },
          body: { stated_at: '2026-03-01T00:00:00Z', stated_from: '2026-03-01', reason: 'x' },
        },
        400,
        'REQUEST_VALIDATION_FAILED',
        /either body\.stated_at .* not both/,
      ],
      [
        'POST',
        `/claims/${claimId}/attributions`,
        {
          body: {
            source: { name: 'A new source that must not be created' },
            stance: 'asserts',
            stated_from: '2026-03-05T10:00:00Z',
            stated_to: '2026-03-05T09:00:00Z',
          },
        },
        400,
        'REQUEST_VALIDATION_FAILED',
        /is before body\.stated_from/,
      ],
      [
        'POST',
        `/attributions/${ids[3]}/withdraw`,
        { body: { reason: 'again' } },
        409,
        'ATTRIBUTION_WITHDRAWN',
        /was withdrawn at .* by test editor: "Recorded on the wrong claim/,
      ],
      [
        'PATCH',
        `/attributions/${ids[3]}`,
        { headers: { 'if-match': '"2"' }, body: { stance: 'asserts', reason: 'undo' } },
        409,
        'ATTRIBUTION_WITHDRAWN',
        /was withdrawn/,
      ],
      [
        'POST',
        `/attributions/${ids[0]}/withdraw`,
        { body: {} },
        400,
        'REQUEST_VALIDATION_FAILED',
        /body\.reason is required/,
      ],
      [
        'POST',
        `/attributions/${ids[0]}/withdraw`,
        { headers: { 'if-match': '"7"' }, body: { reason: 'stale' } },
        412,
        'ATTRIBUTION_VERSION_CONFLICT',
        /version 1 now/,
      ],
      [
        'PATCH',
        '/attributions/no-such-statement',
        { headers: { 'if-match': '"1"' }, body: { quote: 'x', reason: 'x' } },
        404,
        'ATTRIBUTION_NOT_FOUND',
        /no-such-statement/,
      ],
    ]
    for (const [method, path, options, status, code, message] of cases) {
      const res = await api(method, path, { token: editor, ...options })
      expect(res.status, `${method} ${path} ${res.text}`).toBe(status)
      expect(res.body.error.code).toBe(code)
      expect(res.body.error.message).toMatch(message)
      expect(res.text).not.toMatch(/at .*\.ts:\d+/)
    }
    const forbidden = await api('POST', `/attributions/${ids[0]}/withdraw`, {
      token: contributor,
      body: { reason: 'not mine to withdraw' },
    })
    expect(forbidden.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})
