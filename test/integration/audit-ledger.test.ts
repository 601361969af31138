/** Every change to the claims ledger is one action: the change and exactly one audit row, together. */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refuseAuditOf } from '../helpers/audit-faults.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const FIXTURE = fs.readFileSync(
  new URL('../fixtures/import/river-crisis-2031-03-04.txt', import.meta.url),
  'utf8',
)

interface AuditRow {
  id: string
  actor: string
  actor_role: string
  action: string
  target_type: string
  target_id: string
  story: string | null
  before: any
  after: any
  request_id: string
  via: string
}

interface Suggestion {
  id: string
  state: string
  statements: Array<{ source_name: string | null }>
}

describe.each(BACKENDS)('ledger audit on %s', (backend) => {
  let server: TestServer
  let editor: string
  let admin: string
  let contributor: string
  let entryId: string
  const seen = new Set<string>()
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  /** The audit rows written since the last call, oldest first. */
  const newRows = async (): Promise<AuditRow[]> => {
    const res = await api('GET', '/audit?limit=200', { token: admin })
    expect(res.status, res.text).toBe(200)
    const fresh = (res.body.items as AuditRow[]).filter((row) => !seen.has(row.id)).reverse()
    for (const row of fresh) seen.add(row.id)
    return fresh
  }
  /** The one audit row a change wrote, by the editor, over HTTP. */
  const oneRow = async (expected: Partial<AuditRow>): Promise<AuditRow> => {
    const rows = await newRows()
    expect(rows.map((r) => [r.action, r.target_type, r.target_id])).toEqual([
      [expected.action, expected.target_type, expected.target_id],
    ])
    const row = rows[0]!
    expect(row).toMatchObject({ actor: 'test editor', actor_role: 'editor', via: 'http' })
    expect(row).toMatchObject(expected)
    expect(row.request_id).not.toBe('')
    return row
  }
  const newClaim = async (proposition: string): Promise<string> => {
    const res = await api('POST', '/stories/river/claims', { token: editor, body: { proposition } })
    expect(res.status, res.text).toBe(201)
    return res.body.id as string
  }
  const pending = async (): Promise<Suggestion[]> => {
    const entry = await api('GET', `/stories/river/inbox/${entryId}`, { token: contributor })
    expect(entry.status, entry.text).toBe(200)
    return (entry.body.suggestions as Suggestion[]).filter((s) => s.state === 'pending')
  }
  const addStatement = async (claimId: string, body: Record<string, unknown>) => {
    const res = await api('POST', `/claims/${claimId}/attributions`, { token: editor, body })
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string; source: { id: string; name: string } }
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    admin = await server.token('admin')
    contributor = await server.token('contributor')
    const story = await api('POST', '/stories', {
      token: editor,
      body: { title: 'River', slug: 'river' },
    })
    expect(story.status).toBe(201)
    await newRows()
  })
  afterAll(async () => server?.close())

  it('records a new claim, its statements, a correction and a withdrawal, one row each', async () => {
    const claimId = await newClaim('The levee at Borovo holds')
    await oneRow({
      action: 'claim.create',
      target_type: 'claim',
      target_id: claimId,
      story: 'river',
      before: null,
      after: expect.objectContaining({ id: claimId, status: 'unverified', version: 1 }),
    })

    // A statement naming a new source: the source is created in the same action, one row.
    const said = await addStatement(claimId, {
      source: { name: 'Interior Ministry', kind: 'government' },
      stance: 'asserts',
      quote: 'The levee holds.',
    })
    await oneRow({
      action: 'attribution.add',
      target_type: 'attribution',
      target_id: said.id,
      story: 'river',
      after: expect.objectContaining({
        id: said.id,
        stance: 'asserts',
        source: expect.objectContaining({ name: 'Interior Ministry' }),
      }),
    })

    const corrected = await api('PATCH', `/attributions/${said.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { stance: 'declines_to_confirm', reason: 'Misread the briefing.' },
    })
    expect(corrected.status, corrected.text).toBe(200)
    await oneRow({
      action: 'attribution.correct',
      target_type: 'attribution',
      target_id: said.id,
      before: expect.objectContaining({ stance: 'asserts', version: 1 }),
      after: expect.objectContaining({ stance: 'declines_to_confirm', version: 2 }),
    })

    const withdrawn = await api('POST', `/attributions/${said.id}/withdraw`, {
      token: editor,
      body: { reason: 'Recorded on the wrong claim.' },
    })
    expect(withdrawn.status, withdrawn.text).toBe(200)
    await oneRow({
      action: 'attribution.withdraw',
      target_type: 'attribution',
      target_id: said.id,
      before: expect.objectContaining({ version: 2, withdrawn_reason: null }),
      after: expect.objectContaining({
        version: 3,
        withdrawn_reason: 'Recorded on the wrong claim.',
      }),
    })
  })

  it('records a verdict, a wording edit and a merge of two claims, one row each', async () => {
    const keep = await newClaim('Vukovar was evacuated')
    const dup = await newClaim('Residents of Vukovar were moved out')
    await newRows()

    const verdict = await api('PATCH', `/claims/${keep}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { status: 'confirmed', note: 'Seen by our reporter.' },
    })
    expect(verdict.status, verdict.text).toBe(200)
    await oneRow({
      action: 'claim.verdict',
      target_type: 'claim',
      target_id: keep,
      story: 'river',
      before: expect.objectContaining({ status: 'unverified', version: 1 }),
      after: expect.objectContaining({ status: 'confirmed', version: 2 }),
    })

    const worded = await api('PATCH', `/claims/${keep}`, {
      token: editor,
      headers: { 'if-match': '"2"' },
      body: { proposition: 'Low-lying Vukovar was evacuated' },
    })
    expect(worded.status, worded.text).toBe(200)
    await oneRow({
      action: 'claim.edit',
      target_type: 'claim',
      target_id: keep,
      before: expect.objectContaining({ proposition: 'Vukovar was evacuated' }),
      after: expect.objectContaining({ proposition: 'Low-lying Vukovar was evacuated' }),
    })

    // An edit that changes nothing writes nothing.
    const same = await api('PATCH', `/claims/${keep}`, {
      token: editor,
      headers: { 'if-match': '"3"' },
      body: { proposition: 'Low-lying Vukovar was evacuated' },
    })
    expect(same.status).toBe(200)
    expect(await newRows()).toEqual([])

    const merged = await api('POST', `/claims/${dup}/merge`, {
      token: editor,
      body: { into: keep },
    })
    expect(merged.status, merged.text).toBe(200)
    await oneRow({
      action: 'claim.merge',
      target_type: 'claim',
      target_id: dup,
      before: expect.objectContaining({ id: dup, merged_into: null }),
      after: expect.objectContaining({ id: keep }),
    })
  })

  it('records a source edit and a source merge, one row each', async () => {
    const claimId = await newClaim('The water authority denied a breach')
    const official = (
      await addStatement(claimId, { source: { name: 'Water Authority' }, stance: 'denies' })
    ).source.id
    const dup = (
      await addStatement(claimId, { source: { name: 'Water Agency' }, stance: 'denies' })
    ).source.id
    await newRows()

    const edited = await api('PATCH', `/sources/${official}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { description: 'The regional water authority.' },
    })
    expect(edited.status, edited.text).toBe(200)
    await oneRow({
      action: 'source.edit',
      target_type: 'source',
      target_id: official,
      before: expect.objectContaining({ description: '', version: 1 }),
      after: expect.objectContaining({ description: 'The regional water authority.', version: 2 }),
    })

    const merged = await api('POST', `/sources/${dup}/merge`, {
      token: editor,
      body: { into: official },
    })
    expect(merged.status, merged.text).toBe(200)
    await oneRow({
      action: 'source.merge',
      target_type: 'source',
      target_id: dup,
      before: expect.objectContaining({ id: dup, merged_into: null }),
      after: expect.objectContaining({ id: official, aliases: ['Water Agency'] }),
    })
  })

  it('records an accepted inbox suggestion as one row naming the new claim', async () => {
    const imported = await api('POST', '/stories/river/imports', {
      token: contributor,
      body: { text: FIXTURE, file_name: 'river.txt' },
    })
    expect(imported.status, imported.text).toBe(200)
    entryId = imported.body.imported[0].entry_id as string
    const suggestion = (await pending())[0]!
    await newRows()

    const accepted = await api(
      'POST',
      `/stories/river/inbox/${entryId}/suggestions/${suggestion.id}`,
      {
        token: editor,
        body: {
          action: 'accept',
          statements: suggestion.statements.map((st, index) =>
            st.source_name ? { index } : { index, source_name: 'Unnamed official' },
          ),
        },
      },
    )
    expect(accepted.status, accepted.text).toBe(200)
    const claimId = accepted.body.claim.id as string
    await oneRow({
      action: 'inbox.accept',
      target_type: 'claim',
      target_id: claimId,
      story: 'river',
      before: expect.objectContaining({ id: suggestion.id, state: 'pending' }),
      after: expect.objectContaining({
        suggestion: expect.objectContaining({ state: 'accepted', claim_id: claimId }),
        claim: expect.objectContaining({
          id: claimId,
          attribution_count: suggestion.statements.length,
        }),
      }),
    })
  })

  it('keeps neither the change nor an audit row when the audit row cannot be written', async () => {
    const claimId = await newClaim('The Borovo bridge is closed')
    const said = await addStatement(claimId, { source: { name: 'Police' }, stance: 'asserts' })
    await newRows()
    await refuseAuditOf(server.runtime, claimId)
    await refuseAuditOf(server.runtime, said.id)

    const verdict = await api('PATCH', `/claims/${claimId}`, {
      token: editor,
      headers: { 'if-match': '"2"' },
      body: { status: 'confirmed', note: 'Seen by our reporter.' },
    })
    expect(verdict.status).toBeGreaterThanOrEqual(500)
    const withdrawn = await api('POST', `/attributions/${said.id}/withdraw`, {
      token: editor,
      body: { reason: 'Wrong claim.' },
    })
    expect(withdrawn.status).toBeGreaterThanOrEqual(500)
    // The inbox decision, the statements and the audit row are one action: nothing is left.
    const suggestion = (await pending())[0]!
    const accepted = await api(
      'POST',
      `/stories/river/inbox/${entryId}/suggestions/${suggestion.id}`,
      {
        token: editor,
        body: {
          action: 'accept',
          claim_id: claimId,
          statements: suggestion.statements.map((st, index) =>
            st.source_name ? { index } : { index, source_name: 'Unnamed official' },
          ),
        },
      },
    )
    expect(accepted.status).toBeGreaterThanOrEqual(500)
    expect((await pending()).map((s) => s.id)).toContain(suggestion.id)

    expect(await newRows()).toEqual([])
    const claim = (await api('GET', `/claims/${claimId}`)).body
    expect(claim).toMatchObject({ status: 'unverified', version: 2, attribution_count: 1 })
    expect(claim.attributions[0]).toMatchObject({ id: said.id, version: 1, withdrawn_at: null })
  })
})
