import { cliContext } from '../../src/services/action.js'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const FIXTURE = fs.readFileSync(
  new URL('../fixtures/import/river-crisis-2031-03-04.txt', import.meta.url),
  'utf8',
)

interface Span {
  start: number
  end: number
  text: string
}
interface Statement {
  source_id: string | null
  source_name: string | null
  stance: string
  source: Span
  cue: Span
  content: Span
  date: string | null
  update_id: string | null
}
interface Suggestion {
  id: string
  proposition: string
  key: string
  subjects: string[]
  statements: Statement[]
  state: string
  claim_id: string | null
  matches: Array<{ id: string; proposition: string }>
}
interface Draft {
  update_id: string
  role: string
  spans: Array<{ start: number; end: number }>
  state: string
  update: { id: string; version: number; status: string; headline: string } | null
}
interface Entry {
  id: string
  text: string
  drafts: Draft[]
  suggestions: Suggestion[]
}

const DAY_TWO = `date 2031-03-05 Water levels in Vukovar fell overnight.

Interior ministry: levee at Borovo holds

Croatia's Interior Ministry said on Wednesday that some 4,000 residents had been moved from low-lying streets of Vukovar and that none had returned yet.

The regional water authority denied that the embankment north of Vukovar had been breached, saying water had only flowed over it.
`

const HTML_PAGE = `<!doctype html><html><head><title>Harbour fire</title>
<meta property="article:published_time" content="2025-03-06T08:00:00Z"></head>
<body><nav><a href="/">Home</a> · <a href="/world">World</a></nav>
<main><h1>Harbour fire in Rijeka</h1>
<p>A fire broke out in the port of Rijeka overnight, the harbour master said.</p>
<h2>Police close the coast road</h2>
<p>The coast road was closed to traffic, police said on Thursday, adding that no one had been hurt.</p>
</main><footer>© Example Media</footer></body></html>`

describe.each(BACKENDS)('desk inbox API on %s', (backend) => {
  let server: TestServer
  let editor: string
  let contributor: string
  let entryId: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)
  const entry = async (id = entryId): Promise<Entry> => {
    const res = await api('GET', `/stories/river/inbox/${id}`, { token: contributor })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body as Entry
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    contributor = await server.token('contributor')
    for (const slug of ['river', 'harbour']) {
      const res = await api('POST', '/stories', { token: editor, body: { title: slug, slug } })
      expect(res.status).toBe(201)
    }
    const res = await api('POST', '/stories/river/imports', {
      token: contributor,
      body: { text: FIXTURE, file_name: 'river.txt' },
    })
    expect(res.status).toBe(200)
    entryId = res.body.imported[0].entry_id
    expect(entryId).toEqual(expect.any(String))
  })
  afterAll(async () => server?.close())

  it('lists the import with what waits, and shows its text, drafts and suggestions with spans', async () => {
    const list = await api('GET', '/stories/river/inbox', { token: contributor })
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: entryId,
        origin: 'river.txt',
        format: 'text',
        dateline: '2031-03-04',
        drafts: 4,
        pending_drafts: 4,
        pending_suggestions: expect.any(Number),
      }),
    ])
    expect(list.body.items[0].suggestions).toBeGreaterThan(1)

    const e = await entry()
    expect(e.text).toBe(FIXTURE)
    expect(e.drafts.map((d) => d.role)).toEqual(['lead', 'update', 'update', 'update'])
    for (const d of e.drafts) {
      expect(d.state).toBe('pending')
      expect(d.update?.status).toBe('draft')
      expect(d.spans.length).toBeGreaterThan(0)
    }
    // Every span quotes the text exactly, and every statement sits in one of the drafts.
    for (const s of e.suggestions)
      for (const st of s.statements) {
        for (const span of [st.source, st.cue, st.content])
          expect(e.text.slice(span.start, span.end)).toBe(span.text)
        const holder = e.drafts.find((d) => d.update_id === st.update_id)!
        expect(
          holder.spans.some((r) => st.content.start >= r.start && st.content.start < r.end),
        ).toBe(true)
      }
    const denial = e.suggestions.find((s) =>
      s.statements.some((st) => st.stance === 'denies' && /spillway/.test(st.content.text)),
    )
    expect(denial).toBeDefined()
    // Places, organisations and people, each quoting the text where it stands.
    const entities = (e as unknown as { entities: Array<Span & { kind: string; name: string }> })
      .entities
    expect(entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'place', name: 'Vukovar' }),
        expect.objectContaining({ kind: 'person', name: 'Milica Jovanović' }),
      ]),
    )
    for (const m of entities) expect(e.text.slice(m.start, m.end)).toBe(m.text)
  })

  it('refuses readers, and answers unknown ids with 404', async () => {
    expect((await api('GET', '/stories/river/inbox')).status).toBe(401)
    const missing = await api('GET', '/stories/river/inbox/nope', { token: editor })
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('INBOX_ENTRY_NOT_FOUND')
    const other = await api('GET', `/stories/harbour/inbox/${entryId}`, { token: editor })
    expect(other.status).toBe(404)
    const noItem = await api('POST', `/stories/river/inbox/${entryId}/suggestions/nope`, {
      token: editor,
      body: { action: 'reject' },
    })
    expect(noItem.status).toBe(404)
    expect(noItem.body.error.code).toBe('INBOX_ITEM_NOT_FOUND')
    const bad = await api('POST', `/stories/river/inbox/${entryId}/suggestions/nope`, {
      token: editor,
      body: { action: 'maybe' },
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts:\d+/)
  })

  it('accepts a draft as is, publishes one, rejects one — once each, honouring versions', async () => {
    const e = await entry()
    const [lead, bridges, , weather] = e.drafts as [Draft, Draft, Draft, Draft]
    const decide = (d: Draft, body: object, token = editor, version = d.update!.version) =>
      api('POST', `/stories/river/inbox/${entryId}/drafts/${d.update_id}`, {
        token,
        body,
        headers: { 'if-match': `"${version}"` },
      })

    // A contributor may keep a draft but not publish it; the draft stays pending.
    const forbidden = await decide(bridges, { action: 'accept', publish: true }, contributor)
    expect(forbidden.status).toBe(403)
    expect((await entry()).drafts[1]!.state).toBe('pending')
    // A stale version changes nothing.
    const stale = await decide(bridges, { action: 'accept', publish: true }, editor, 99)
    expect(stale.status).toBe(412)
    expect((await entry()).drafts[1]!.state).toBe('pending')

    const published = await decide(bridges, { action: 'accept', publish: true })
    expect(published.status).toBe(200)
    expect(published.body).toMatchObject({ state: 'accepted', update: { status: 'published' } })
    const again = await decide(bridges, { action: 'reject' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('INBOX_ALREADY_DECIDED')

    const kept = await decide(lead, { action: 'accept' }, contributor)
    expect(kept.status).toBe(200)
    expect(kept.body).toMatchObject({ state: 'accepted', update: { status: 'draft' } })

    const rejected = await decide(weather, { action: 'reject' })
    expect(rejected.status).toBe(200)
    expect(rejected.body.state).toBe('rejected')
    const gone = await api('GET', `/stories/river/updates/${weather.update_id}`, { token: editor })
    expect(gone.body.status ?? 'deleted').toBe('deleted')

    const after = await entry()
    expect(after.drafts.map((d) => d.state)).toEqual([
      'accepted',
      'accepted',
      'pending',
      'rejected',
    ])
    const list = await api('GET', '/stories/river/inbox', { token: editor })
    expect(list.body.items[0].pending_drafts).toBe(1)
    const published2 = await api('GET', '/stories/river/updates')
    expect(published2.body.items.map((u: { headline: string }) => u.headline)).toEqual([
      'Serbia says Novi Sad bridges remain open',
    ])
  })

  it('accepts a suggested claim into the ledger with each statement, once, and edits on the way', async () => {
    const e = await entry()
    const breach = e.suggestions.find((s) =>
      s.statements.some((st) => st.stance === 'declines_to_confirm'),
    )!
    expect(breach.statements.map((st) => st.stance)).toEqual(
      expect.arrayContaining(['asserts', 'declines_to_confirm']),
    )
    const forbidden = await api(
      'POST',
      `/stories/river/inbox/${entryId}/suggestions/${breach.id}`,
      {
        token: contributor,
        body: { action: 'accept' },
      },
    )
    expect(forbidden.status).toBe(403)

    const indexes = breach.statements.map((_, index) => ({ index }))
    const res = await api('POST', `/stories/river/inbox/${entryId}/suggestions/${breach.id}`, {
      token: editor,
      body: {
        action: 'accept',
        proposition: 'The Danube embankment north of Vukovar was breached',
        statements: indexes.map((s) =>
          breach.statements[s.index]!.source_name
            ? s
            : { ...s, source_name: 'Unnamed official', source_kind: 'official' },
        ),
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.suggestion).toMatchObject({ state: 'accepted', claim_id: expect.any(String) })
    const claim = res.body.claim
    expect(claim.proposition).toBe('The Danube embankment north of Vukovar was breached')
    expect(claim.status).toBe('unverified')
    expect(claim.attributions).toHaveLength(breach.statements.length)
    expect(claim.attributions.map((a: { stance: string }) => a.stance).sort()).toEqual(
      breach.statements.map((st) => st.stance).sort(),
    )
    // A source the editor named is of the kind the editor chose.
    const named = claim.attributions.filter(
      (a: { source: { name: string } }) => a.source.name === 'Unnamed official',
    )
    for (const a of named) expect(a.source.kind).toBe('official')
    // The fixture is dated 2031: the ledger takes no time in the future, so none is recorded.
    for (const a of claim.attributions) expect(a.stated_at).toBeNull()

    const ledger = await api('GET', '/stories/river/claims')
    expect(ledger.body.items.map((c: { id: string }) => c.id)).toContain(claim.id)
    const twice = await api('POST', `/stories/river/inbox/${entryId}/suggestions/${breach.id}`, {
      token: editor,
      body: { action: 'accept' },
    })
    expect(twice.status).toBe(409)
    const ledger2 = await api('GET', '/stories/river/claims')
    expect(ledger2.body.items).toHaveLength(ledger.body.items.length)
  })

  it('rejects a suggestion without touching the ledger, and refuses an unresolved source', async () => {
    const e = await entry()
    const pending = e.suggestions.filter((s) => s.state === 'pending')
    const target = pending[0]!
    const before = (await api('GET', '/stories/river/claims')).body.items.length
    const noSource = await api('POST', `/stories/river/inbox/${entryId}/suggestions/${target.id}`, {
      token: editor,
      body: { action: 'accept', statements: [{ index: 999 }] },
    })
    expect(noSource.status).toBe(400)
    const res = await api('POST', `/stories/river/inbox/${entryId}/suggestions/${target.id}`, {
      token: editor,
      body: { action: 'reject' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ suggestion: { state: 'rejected' } })
    expect(res.body.claim).toBeUndefined()
    expect((await api('GET', '/stories/river/claims')).body.items).toHaveLength(before)
  })

  it('offers the next day’s statements to the claim the story already has', async () => {
    const res = await api('POST', '/stories/river/imports', {
      token: contributor,
      body: { text: DAY_TWO, file_name: 'river-day-two.txt' },
    })
    expect(res.status).toBe(200)
    const second = await entry(res.body.imported[0].entry_id)
    const denial = second.suggestions.find((s) =>
      s.statements.some((st) => st.stance === 'denies'),
    )!
    const claims = (await api('GET', '/stories/river/claims')).body.items as Array<{
      id: string
      attributions: unknown[]
    }>
    const breach = claims.find((c) => denial.matches.some((m) => m.id === c.id))
    expect(breach, JSON.stringify(denial)).toBeDefined()
    const added = await api('POST', `/stories/river/inbox/${second.id}/suggestions/${denial.id}`, {
      token: editor,
      body: { action: 'accept', claim_id: breach!.id },
    })
    expect(added.status).toBe(200)
    expect(added.body.claim.id).toBe(breach!.id)
    expect(added.body.claim.attributions).toHaveLength(breach!.attributions.length + 1)
    expect(added.body.claim.attributions.map((a: { stance: string }) => a.stance)).toContain(
      'denies',
    )
  })

  it('resolves statements to the sources the ledger knows, by name or alias', async () => {
    const created = await api('POST', '/sources', {
      token: editor,
      body: {
        name: 'Danube Basin Flood Authority',
        kind: 'government',
        aliases: ['DBFA', 'the flood authority'],
      },
    })
    expect(created.status).toBe(201)
    const res = await api('POST', '/stories/river/imports', {
      token: contributor,
      body: {
        text: 'date 2031-03-06 The DBFA said on Thursday that the levee at Borovo had held. The flood authority added that pumps were running.\n',
        file_name: 'river-day-three.txt',
      },
    })
    expect(res.status).toBe(200)
    const statements = (res.body.imported[0].suggested_claims as Suggestion[]).flatMap(
      (c) => (c as unknown as { statements: Statement[] }).statements,
    )
    expect(statements.length).toBeGreaterThan(0)
    for (const st of statements) expect(st.source_id).toBe(created.body.id)
  })

  it('reads an HTML page as text: spans into what a person reads, with suggestions', async () => {
    const res = await api('POST', '/stories/harbour/imports', {
      token: contributor,
      body: { text: HTML_PAGE, file_name: 'harbour.html' },
    })
    expect(res.status).toBe(200)
    const got = await api('GET', `/stories/harbour/inbox/${res.body.imported[0].entry_id}`, {
      token: contributor,
    })
    const e = got.body as Entry
    expect(e.text).not.toMatch(/<|Home|Example Media/)
    expect(e.text).toContain('A fire broke out in the port of Rijeka overnight')
    const statements = e.suggestions.flatMap((s) => s.statements)
    expect(statements.map((st) => st.source_name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/harbour master/i)]),
    )
    for (const st of statements) expect(e.text.slice(st.cue.start, st.cue.end)).toBe(st.cue.text)

    // Accepted, each statement carries its day and the page's draft once that is published.
    const fire = e.suggestions.find((s) => /fire broke out/.test(s.proposition))!
    const draft = e.drafts.find((d) => d.update_id === fire.statements[0]!.update_id)!
    const publish = await api('POST', `/stories/harbour/inbox/${e.id}/drafts/${draft.update_id}`, {
      token: editor,
      body: { action: 'accept', publish: true },
    })
    // Publishing needs the version the editor saw, as on the update itself.
    expect(publish.status).toBe(428)
    const published = await api(
      'POST',
      `/stories/harbour/inbox/${e.id}/drafts/${draft.update_id}`,
      {
        token: editor,
        body: { action: 'accept', publish: true },
        headers: { 'if-match': `"${draft.update!.version}"` },
      },
    )
    expect(published.status).toBe(200)
    const res2 = await api('POST', `/stories/harbour/inbox/${e.id}/suggestions/${fire.id}`, {
      token: editor,
      body: { action: 'accept' },
    })
    expect(res2.status).toBe(200)
    expect(res2.body.claim.attributions).toEqual([
      expect.objectContaining({
        stance: 'asserts',
        stated_at: expect.stringMatching(/^2025-03-0[56]T00:00:00/),
        update_id: draft.update_id,
      }),
    ])
  })

  it('carries the inbox through a story export: entries, decisions and once-only imports', async () => {
    const doc = await api('GET', '/stories/river/export', { token: editor })
    expect(doc.status).toBe(200)
    expect(doc.body.inbox.entries.length).toBeGreaterThanOrEqual(3)
    const original = await entry()
    const other = await startTestServer(backend)
    try {
      await other.runtime.services.exports.importStory(cliContext(), doc.body)
      const token = await other.token('editor')
      const restored = await request(other.url, 'GET', `/api/v1/stories/river/inbox/${entryId}`, {
        token,
      })
      expect(restored.status).toBe(200)
      expect(restored.body).toEqual(original)
      const again = await request(other.url, 'POST', '/api/v1/stories/river/imports', {
        token,
        body: { text: FIXTURE, file_name: 'river.txt' },
      })
      expect(again.body.skipped).toEqual([expect.objectContaining({ code: 'IMPORT_DUPLICATE' })])
    } finally {
      await other.close()
    }
  })
})
