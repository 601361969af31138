import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse } from '../helpers/sse.js'

// An invented situation: Norland says its forces have taken the town of Veldra from Sudria.
// Five sources make six statements over four days; the claim goes unverified → contested → confirmed.
const SCENARIO = [
  {
    source: { name: 'Iron Company', kind: 'armed_group', affiliation: 'Norland' },
    stance: 'asserts',
    quote: 'Our assault units hold every district of Veldra.',
    stated_at: '2026-03-02T09:00:00Z',
    suggested: 'unverified',
  },
  {
    source: { name: 'Office of the Norland President', kind: 'government', affiliation: 'Norland' },
    stance: 'cautions',
    quote: 'It is too early to speak of Veldra as taken; fighting goes on.',
    stated_at: '2026-03-03T10:30:00Z',
    suggested: 'contested',
  },
  {
    source: { name: 'Sudria General Staff', kind: 'military', affiliation: 'Sudria' },
    stance: 'declines_to_confirm',
    quote: 'Our defenders are holding positions around Veldra; the situation is difficult.',
    stated_at: '2026-03-04T08:00:00+01:00',
    suggested: 'contested',
  },
  {
    source: { name: 'Norland Ministry of Defence', kind: 'military', affiliation: 'Norland' },
    stance: 'asserts',
    quote: 'The liberation of Veldra was completed yesterday evening.',
    stated_at: '2026-03-04T15:00:00Z',
    suggested: 'contested',
  },
  {
    source: { name: 'Meridian Conflict Institute', kind: 'think_tank' },
    stance: 'assesses_likely',
    quote: 'Geolocated footage makes it likely that Norland controls most of the town.',
    stated_at: '2026-03-05T07:00:00Z',
    suggested: 'contested',
  },
  {
    source: { name: 'sudria  general staff' },
    stance: 'asserts',
    quote: 'Our units withdrew from Veldra to prepared lines to preserve lives.',
    stated_at: '2026-03-05T18:00:00Z',
    suggested: 'confirmed',
  },
] as const

describe.each(BACKENDS)('claims ledger on %s', (backend) => {
  let server: TestServer
  let editor: string
  let contributor: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)
  const count = async (
    table: 'claim' | 'attribution' | 'claim_revision' | 'story_event' | 'source',
  ) => server.rows(table)
  const snapshot = async () => ({
    claims: await count('claim'),
    attributions: await count('attribution'),
    revisions: await count('claim_revision'),
    events: await count('story_event'),
    sources: await count('source'),
  })
  const newStory = async (slug: string) => {
    const res = await api('POST', '/stories', { token: editor, body: { title: slug, slug } })
    expect(res.status).toBe(201)
  }
  const publish = async (slug: string, headline: string) => {
    const res = await api('POST', `/stories/${slug}/updates`, {
      token: editor,
      body: { headline, body: headline, status: 'published' },
    })
    expect(res.status).toBe(201)
    return res.body.id as string
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    contributor = await server.token('contributor')
  })
  afterAll(async () => server?.close())

  it('follows the Veldra claim from unverified to contested to confirmed, with its history and live events in order', async () => {
    await newStory('veldra')
    const reader = openSse(`${server.url}/stories/veldra/events`)
    expect(await reader.status).toBe(200)
    const reporting = await publish('veldra', 'Mercenaries claim Veldra')

    const created = await api('POST', '/stories/veldra/claims', {
      token: editor,
      body: { proposition: 'Norland forces control Veldra', subjects: ['Veldra', 'Norland'] },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect(created.body).toMatchObject({
      status: 'unverified',
      suggested_status: 'unverified',
      stories: ['veldra'],
      version: 1,
    })
    expect(created.headers.get('etag')).toBe('"1"')

    const steps: string[] = []
    let version = 1
    for (const [i, statement] of SCENARIO.entries()) {
      const { suggested: _suggested, ...body } = statement
      const res = await api('POST', `/claims/${id}/attributions`, {
        token: editor,
        body: { ...body, ...(i === 0 ? { update_id: reporting } : {}) },
      })
      expect(res.status, res.text).toBe(201)
      expect(res.body).toMatchObject({ stance: statement.stance, quote: statement.quote })
      version = res.body.claim.version
      steps.push(res.body.claim.suggested_status)

      // The editor follows the suggestion once the claim is disputed, and again when it is settled.
      if (i === 1) {
        const verdict = await api('PATCH', `/claims/${id}`, {
          token: editor,
          headers: { 'if-match': `"${version}"` },
          body: { status: 'contested', note: 'Norland’s own government urges caution.' },
        })
        expect(verdict.status, verdict.text).toBe(200)
        version = verdict.body.version
      }
    }
    expect(steps).toEqual(SCENARIO.map((s) => s.suggested))

    const settled = await api('PATCH', `/claims/${id}`, {
      token: editor,
      headers: { 'if-match': `"${version}"` },
      body: { status: 'confirmed', note: 'Sudria acknowledges the withdrawal.' },
    })
    expect(settled.status).toBe(200)

    const claim = (await api('GET', `/claims/${id}`)).body
    expect(claim).toMatchObject({
      id,
      proposition: 'Norland forces control Veldra',
      status: 'confirmed',
      suggested_status: 'confirmed',
      note: 'Sudria acknowledges the withdrawal.',
      verdict_by: 'test editor',
      first_stated_at: '2026-03-02T09:00:00.000Z',
      attribution_count: 6,
    })
    expect(claim.derivation.at(-1)).toMatch(/2 independent sides.*: confirmed\.$/)
    // Five sources: the sixth statement found Sudria's General Staff by its name, whatever the case.
    expect(new Set(claim.attributions.map((a: any) => a.source.id)).size).toBe(5)
    expect(claim.attributions.map((a: any) => [a.source.name, a.stance, a.stated_at])).toEqual([
      ['Iron Company', 'asserts', '2026-03-02T09:00:00.000Z'],
      ['Office of the Norland President', 'cautions', '2026-03-03T10:30:00.000Z'],
      ['Sudria General Staff', 'declines_to_confirm', '2026-03-04T07:00:00.000Z'],
      ['Norland Ministry of Defence', 'asserts', '2026-03-04T15:00:00.000Z'],
      ['Meridian Conflict Institute', 'assesses_likely', '2026-03-05T07:00:00.000Z'],
      ['Sudria General Staff', 'asserts', '2026-03-05T18:00:00.000Z'],
    ])
    expect(claim.attributions[0].update_id).toBe(reporting)
    // The history: every version, each with who, what, why and the suggestion at the time.
    expect(
      claim.history.map((h: any) => [h.version, h.change, h.status, h.suggested_status, h.actor]),
    ).toEqual([
      [1, 'created', 'unverified', 'unverified', 'test editor'],
      [2, 'attribution', 'unverified', 'unverified', 'test editor'],
      [3, 'attribution', 'unverified', 'contested', 'test editor'],
      [4, 'status', 'contested', 'contested', 'test editor'],
      [5, 'attribution', 'contested', 'contested', 'test editor'],
      [6, 'attribution', 'contested', 'contested', 'test editor'],
      [7, 'attribution', 'contested', 'contested', 'test editor'],
      [8, 'attribution', 'contested', 'confirmed', 'test editor'],
      [9, 'status', 'confirmed', 'confirmed', 'test editor'],
    ])
    expect(claim.history[3]).toMatchObject({
      note: 'Norland’s own government urges caution.',
      detail: { from: 'unverified' },
    })
    expect(claim.history[8].detail).toEqual({ from: 'contested' })
    for (const h of claim.history) expect(Date.parse(h.at)).not.toBeNaN()

    // Live: the update, the claim, six statements and two verdicts, in order, once each.
    const messages = await reader.waitFor(10)
    expect(messages.map((m) => [Number(m.id), m.data.type])).toEqual([
      [1, 'update.published'],
      [2, 'claim.created'],
      [3, 'attribution.added'],
      [4, 'attribution.added'],
      [5, 'claim.updated'],
      [6, 'attribution.added'],
      [7, 'attribution.added'],
      [8, 'attribution.added'],
      [9, 'attribution.added'],
      [10, 'claim.updated'],
    ])
    expect(messages[1]!.data).toMatchObject({ slug: 'veldra', claim: { id, status: 'unverified' } })
    expect(messages[2]!.data.attribution).toMatchObject({
      claim_id: id,
      stance: 'asserts',
      source: { name: 'Iron Company', affiliation: 'Norland' },
    })
    expect(messages.filter((m) => m.data.claim).map((m) => m.data.claim.suggested_status)).toEqual([
      'unverified',
      'unverified',
      'contested',
      'contested',
      'contested',
      'contested',
      'contested',
      'confirmed',
      'confirmed',
    ])
    expect(messages[9]!.data.claim).toMatchObject({ status: 'confirmed', version: 9 })
    reader.close()

    // The polling log carries the same events.
    const log = await api('GET', '/stories/veldra/events?after=1')
    expect(log.body.items.map((e: any) => e.type)).toEqual(
      messages.slice(1).map((m) => m.data.type),
    )
  })

  it('carries the ledger through a story export into another database, exactly', async () => {
    const doc = await api('GET', '/stories/veldra/export', { token: editor })
    expect(doc.status).toBe(200)
    expect(doc.body.ledger.claims).toHaveLength(1)
    expect(doc.body.ledger.sources).toHaveLength(5)
    const id = doc.body.ledger.claims[0].claim.id as string
    const original = (await api('GET', `/claims/${id}`)).body
    const other = await startTestServer(backend)
    try {
      const result = await other.runtime.services.exports.importStory(cliContext(), doc.body)
      expect(result).toEqual({ slug: 'veldra', updates: 1, events: 10, claims: 1 })
      const restored = await request(other.url, 'GET', `/api/v1/claims/${id}`)
      expect(restored.body).toEqual(original)
      const again = await other.runtime.services.exports.exportStory('veldra')
      expect({ ...again, exported_at: 'x' }).toEqual({ ...doc.body, exported_at: 'x' })
      const search = await request(other.url, 'GET', '/api/v1/sources?q=sudria')
      expect(search.body.items.map((s: any) => s.name)).toEqual(['Sudria General Staff'])
    } finally {
      await other.close()
    }
  })

  it('refuses unknown stances and statuses, foreign or unpublished updates, and a missing note, changing nothing', async () => {
    await newStory('quarry')
    await newStory('harbour')
    const foreign = await publish('harbour', 'Harbour closed')
    const draft = await api('POST', '/stories/quarry/updates', {
      token: editor,
      body: { headline: 'Draft', status: 'draft' },
    })
    const id = (
      await api('POST', '/stories/quarry/claims', {
        token: editor,
        body: { proposition: 'The quarry bridge is destroyed' },
      })
    ).body.id as string
    const before = await snapshot()
    const attribution = (body: unknown) =>
      api('POST', `/claims/${id}/attributions`, { token: editor, body })

    const badStance = await attribution({ source: { name: 'Quarry Watch' }, stance: 'claims' })
    expect(badStance.status).toBe(400)
    expect(badStance.body.error).toMatchObject({
      code: 'REQUEST_VALIDATION_FAILED',
      details: { field: 'stance' },
    })
    expect(badStance.body.error.message).toContain('asserts, denies, declines_to_confirm')

    const elsewhere = await attribution({
      source: { name: 'Quarry Watch' },
      stance: 'asserts',
      update_id: foreign,
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.error).toMatchObject({
      code: 'ATTRIBUTION_UPDATE_INVALID',
      details: { field: 'update_id' },
    })
    expect(elsewhere.body.error.message).toContain('quarry')
    const unpublished = await attribution({
      source: { name: 'Quarry Watch' },
      stance: 'asserts',
      update_id: draft.body.id,
    })
    expect(unpublished.body.error.code).toBe('ATTRIBUTION_UPDATE_INVALID')
    const missing = await attribution({
      source: { name: 'Quarry Watch' },
      stance: 'asserts',
      update_id: 'nope',
    })
    expect(missing.body.error.code).toBe('ATTRIBUTION_UPDATE_INVALID')

    for (const body of [
      { source: {}, stance: 'asserts' },
      { source: { id: 'x', name: 'y' }, stance: 'asserts' },
      { source: { name: 'Quarry Watch' }, stance: 'asserts', stated_at: 'yesterday' },
      { source: { name: 'Quarry Watch' }, stance: 'asserts', stated_at: '2026-03-02T09:00:00' },
      { source: { name: 'Quarry Watch' }, stance: 'asserts', stated_at: '2999-01-01T00:00:00Z' },
      { source: { name: 'Quarry Watch' }, stance: 'asserts', evidence_url: 'javascript:alert(1)' },
      { source: { name: 'Quarry Watch', kind: 'blogger' }, stance: 'asserts' },
      { source: { name: 'Quarry Watch' }, stance: 'asserts', extra: 1 },
    ]) {
      const res = await attribution(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.code).toBe('REQUEST_VALIDATION_FAILED')
    }
    expect((await attribution({ source: { id: 'nobody' }, stance: 'asserts' })).status).toBe(404)

    const current = (await api('GET', `/claims/${id}`)).body
    const patch = (body: unknown, ifMatch = `"${current.version}"`) =>
      api('PATCH', `/claims/${id}`, { token: editor, headers: { 'if-match': ifMatch }, body })
    const badStatus = await patch({ status: 'probably', note: 'x' })
    expect(badStatus.status).toBe(400)
    expect(badStatus.body.error.message).toContain('unverified, contested, confirmed')
    const noNote = await patch({ status: 'confirmed' })
    expect(noNote.status).toBe(400)
    expect(noNote.body.error.details).toMatchObject({ field: 'note' })
    expect((await patch({ status: 'false', note: ' ' })).status).toBe(400)
    expect(
      (await api('PATCH', `/claims/${id}`, { token: editor, body: { status: 'false', note: 'n' } }))
        .status,
    ).toBe(428)
    const stale = await patch({ status: 'false', note: 'n' }, '"99"')
    expect(stale.status).toBe(412)
    expect(stale.body.error).toMatchObject({
      code: 'CLAIM_VERSION_CONFLICT',
      details: { current_version: current.version, current: { id, status: 'unverified' } },
    })
    expect(await snapshot()).toEqual(before)
    expect((await api('GET', `/claims/${id}`)).body).toEqual(current)
  })

  it('merges duplicate claims, refusing a merge into itself or a merged claim', async () => {
    await newStory('dam')
    await newStory('dam-day-2')
    const make = async (slug: string, proposition: string) =>
      (await api('POST', `/stories/${slug}/claims`, { token: editor, body: { proposition } })).body
        .id as string
    const keep = await make('dam', 'The Orsa dam has been breached')
    const dup = await make('dam-day-2', 'Orsa dam breached')
    await api('POST', `/claims/${keep}/attributions`, {
      token: editor,
      body: { source: { name: 'Orsa Water Authority', kind: 'official' }, stance: 'denies' },
    })
    await api('POST', `/claims/${dup}/attributions`, {
      token: editor,
      body: { source: { name: 'River Watch Network', kind: 'ngo' }, stance: 'asserts' },
    })

    const before = await snapshot()
    const self = await api('POST', `/claims/${keep}/merge`, { token: editor, body: { into: keep } })
    expect(self.status).toBe(409)
    expect(self.body.error).toMatchObject({
      code: 'CLAIM_MERGE_INVALID',
      message: expect.stringMatching(/itself/),
    })
    expect(
      (await api('POST', `/claims/${keep}/merge`, { token: editor, body: { into: 'nope' } }))
        .status,
    ).toBe(404)
    expect(await snapshot()).toEqual(before)

    const reader = openSse(`${server.url}/stories/dam-day-2/events`, { 'last-event-id': '0' })
    const merged = await api('POST', `/claims/${dup}/merge`, {
      token: editor,
      body: { into: keep, note: 'Same claim, worded differently' },
    })
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({
      id: keep,
      stories: ['dam', 'dam-day-2'],
      attribution_count: 2,
      suggested_status: 'contested',
    })
    expect(merged.body.history.at(-1)).toMatchObject({ change: 'merged', detail: { from: dup } })
    const gone = (await api('GET', `/claims/${dup}`)).body
    expect(gone).toMatchObject({ merged_into: keep, attribution_count: 0 })
    expect(gone.history.at(-1)).toMatchObject({ change: 'merged_into', detail: { into: keep } })

    const again = await api('POST', `/claims/${dup}/merge`, { token: editor, body: { into: keep } })
    expect(again.body.error.code).toBe('CLAIM_MERGE_INVALID')
    const intoGone = await api('POST', `/claims/${keep}/merge`, {
      token: editor,
      body: { into: dup },
    })
    expect(intoGone.body.error.code).toBe('CLAIM_MERGE_INVALID')
    const write = await api('POST', `/claims/${dup}/attributions`, {
      token: editor,
      body: { source: { name: 'Orsa Water Authority' }, stance: 'asserts' },
    })
    expect(write.status).toBe(409)
    expect(write.body.error).toMatchObject({ code: 'CLAIM_MERGED', details: { merged_into: keep } })

    // The second day's readers saw the duplicate, then learned where it went and what it joined.
    const events = await reader.waitFor(4)
    expect(events.map((m) => [m.data.type, m.data.claim.id, m.data.claim.merged_into])).toEqual([
      ['claim.created', dup, null],
      ['attribution.added', dup, null],
      ['claim.updated', dup, keep],
      ['claim.updated', keep, null],
    ])
    reader.close()
    const list = (await api('GET', '/stories/dam-day-2/claims')).body.items
    expect(list.map((c: any) => c.id)).toEqual([keep])
  })

  it('keeps sources across stories: found by name or alias, searchable, editable, mergeable', async () => {
    const created = await api('POST', '/sources', {
      token: editor,
      body: {
        name: 'Norland Defence Ministry',
        kind: 'military',
        affiliation: 'Norland',
        description: 'The ministry in charge of Norland’s armed forces.',
        aliases: ['NDM', 'Ministry of Defence of Norland'],
      },
    })
    expect(created.status).toBe(201)
    const ministry = created.body.id as string
    const taken = await api('POST', '/sources', { token: editor, body: { name: 'ndm' } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('SOURCE_NAME_TAKEN')

    const search = async (q: string) =>
      (await api('GET', `/sources?q=${encodeURIComponent(q)}`)).body.items.map((s: any) => s.name)
    expect(await search('ndm')).toEqual(['Norland Defence Ministry'])
    expect(await search('of norland')).toContain('Norland Defence Ministry')
    expect(await search('100%_')).toEqual([])

    await newStory('border')
    const claim = (
      await api('POST', '/stories/border/claims', {
        token: editor,
        body: { proposition: 'Norland closed the border crossing at Tarn' },
      })
    ).body.id as string
    const byAlias = await api('POST', `/claims/${claim}/attributions`, {
      token: editor,
      body: { source: { name: 'NDM' }, stance: 'asserts', quote: 'The crossing is closed.' },
    })
    expect(byAlias.body.source).toMatchObject({ id: ministry, name: 'Norland Defence Ministry' })

    // A duplicate made in haste, merged into the directory entry.
    const dup = await api('POST', `/claims/${claim}/attributions`, {
      token: editor,
      body: { source: { name: 'Norland MoD', kind: 'military' }, stance: 'asserts' },
    })
    const dupId = dup.body.source.id as string
    expect(dupId).not.toBe(ministry)
    expect(
      (await api('POST', `/sources/${dupId}/merge`, { token: editor, body: { into: dupId } }))
        .status,
    ).toBe(409)
    const merged = await api('POST', `/sources/${dupId}/merge`, {
      token: editor,
      body: { into: ministry },
    })
    expect(merged.status).toBe(200)
    expect(merged.body.aliases).toEqual(['NDM', 'Ministry of Defence of Norland', 'Norland MoD'])
    expect((await api('GET', `/sources/${dupId}`)).body.merged_into).toBe(ministry)
    expect(await search('norland mod')).toEqual(['Norland Defence Ministry'])
    const after = (await api('GET', `/claims/${claim}`)).body
    expect(after.attributions.map((a: any) => a.source.id)).toEqual([ministry, ministry])
    expect(after.history.at(-1)).toMatchObject({
      change: 'source',
      detail: { source_merged: dupId },
    })
    // A statement naming the merged-away source by id reaches the survivor.
    const viaOldId = await api('POST', `/claims/${claim}/attributions`, {
      token: editor,
      body: { source: { id: dupId }, stance: 'asserts' },
    })
    expect(viaOldId.body.source.id).toBe(ministry)

    const edit = await api('PATCH', `/sources/${ministry}`, {
      token: editor,
      headers: { 'if-match': `"${merged.body.version}"` },
      body: { description: 'Runs Norland’s armed forces.' },
    })
    expect(edit.status).toBe(200)
    expect(
      (
        await api('PATCH', `/sources/${ministry}`, {
          token: editor,
          headers: { 'if-match': '"1"' },
          body: { name: 'x' },
        })
      ).status,
    ).toBe(412)
    const revisions = (await api('GET', `/sources/${ministry}/revisions`)).body.items
    expect(revisions.map((r: any) => r.version)).toEqual([1, 2, 3])
    expect(revisions[0].source.description).toBe(
      'The ministry in charge of Norland’s armed forces.',
    )
  })

  it('lets editors write the ledger and everyone read it; contributors and anonymous callers may not write', async () => {
    await newStory('roles')
    const id = (
      await api('POST', '/stories/roles/claims', { token: editor, body: { proposition: 'Roles' } })
    ).body.id as string
    const before = await snapshot()
    for (const token of [contributor, undefined]) {
      const status = token ? 403 : 401
      expect(
        (await api('POST', '/stories/roles/claims', { token, body: { proposition: 'x' } })).status,
      ).toBe(status)
      expect(
        (
          await api('POST', `/claims/${id}/attributions`, {
            token,
            body: { source: { name: 'x' }, stance: 'asserts' },
          })
        ).status,
      ).toBe(status)
      expect(
        (
          await api('PATCH', `/claims/${id}`, {
            token,
            headers: { 'if-match': '"1"' },
            body: { status: 'false', note: 'x' },
          })
        ).status,
      ).toBe(status)
      expect((await api('POST', `/claims/${id}/merge`, { token, body: { into: id } })).status).toBe(
        status,
      )
      expect((await api('POST', '/sources', { token, body: { name: 'x' } })).status).toBe(status)
    }
    expect(await snapshot()).toEqual(before)
    expect((await api('GET', `/claims/${id}`)).status).toBe(200)
    expect((await api('GET', '/stories/roles/claims')).status).toBe(200)
    expect((await api('GET', '/sources?q=x')).status).toBe(200)
  })

  it('links a claim into another story, which then streams it', async () => {
    await newStory('day-1')
    await newStory('day-2')
    const id = (
      await api('POST', '/stories/day-1/claims', {
        token: editor,
        body: { proposition: 'The ferry sank' },
      })
    ).body.id as string
    const reader = openSse(`${server.url}/stories/day-2/events`)
    await reader.status
    const linked = await api('PUT', `/stories/day-2/claims/${id}`, { token: editor })
    expect(linked.status).toBe(201)
    expect(linked.body.stories).toEqual(['day-1', 'day-2'])
    expect((await api('PUT', `/stories/day-2/claims/${id}`, { token: editor })).status).toBe(200)
    await api('POST', `/claims/${id}/attributions`, {
      token: editor,
      body: { source: { name: 'Coast Guard' }, stance: 'declines_to_confirm' },
    })
    expect((await reader.waitFor(2)).map((m) => m.data.type)).toEqual([
      'claim.created',
      'attribution.added',
    ])
    reader.close()
    const day1 = (await api('GET', '/stories/day-1/events')).body.items.map((e: any) => e.type)
    expect(day1).toEqual(['claim.created', 'claim.updated', 'attribution.added'])
  })

  it('records concurrent statements, even naming the same new source, without losing any', async () => {
    await newStory('rush')
    const claim = async (proposition: string) =>
      (await api('POST', '/stories/rush/claims', { token: editor, body: { proposition } })).body
        .id as string
    // Statements on one claim queue behind each other; statements on two claims naming the same
    // new source race to create it.
    const ids = [await claim('The airport is closed'), await claim('The runway is damaged')]
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api('POST', `/claims/${ids[i % 2]}/attributions`, {
          token: editor,
          body: { source: { name: 'Airport Authority' }, stance: i % 4 < 2 ? 'asserts' : 'denies' },
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(new Set(results.map((r) => r.body.source.id)).size).toBe(1)
    for (const id of ids) {
      const body = (await api('GET', `/claims/${id}`)).body
      expect(body).toMatchObject({ version: 5, attribution_count: 4 })
      expect(body.history.map((h: any) => h.version)).toEqual([1, 2, 3, 4, 5])
    }
    const log = (await api('GET', '/stories/rush/events')).body.items
    expect(log.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const id of ids)
      expect(
        log.filter((e: any) => e.data.claim.id === id).map((e: any) => e.data.claim.version),
      ).toEqual([1, 2, 3, 4, 5])
  })

  it('exports the ledger as JSON and as CSV that spreadsheets cannot run', async () => {
    await newStory('ledger')
    const id = (
      await api('POST', '/stories/ledger/claims', {
        token: editor,
        body: { proposition: '=HYPERLINK("http://evil.example","click")' },
      })
    ).body.id as string
    await api('POST', `/claims/${id}/attributions`, {
      token: editor,
      body: {
        source: { name: '+Agency "Quote"' },
        stance: 'asserts',
        quote: '@SUM(A1:A9)\nsecond line',
      },
    })
    await api('POST', '/stories/ledger/claims', {
      token: editor,
      body: { proposition: 'Nobody has spoken' },
    })
    const json = await api('GET', '/stories/ledger/ledger.json')
    expect(json.status).toBe(200)
    expect(json.body).toMatchObject({
      format: 'sitrep-claims-ledger',
      version: 1,
      story: { slug: 'ledger' },
    })
    expect(json.body.claims).toHaveLength(2)
    expect(json.body.claims[0].attributions[0].source.name).toBe('+Agency "Quote"')
    expect(json.body.sources.map((s: any) => s.name)).toEqual(['+Agency "Quote"'])

    const csv = await fetch(`${server.url}/api/v1/stories/ledger/ledger.csv`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toContain('ledger-claims.csv')
    const text = await csv.text()
    const lines = text.split('\r\n')
    expect(lines[0]).toMatch(/^"claim_id","proposition","status"/)
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`)
    expect(text).toContain(`"'+Agency ""Quote"""`)
    expect(text).toContain(`"'@SUM(A1:A9)\nsecond line"`)
    expect(text).not.toMatch(/(^|,)"[=+@-]/m)
    expect(lines.filter((l) => l.includes('Nobody has spoken'))).toHaveLength(1)
  })
})
