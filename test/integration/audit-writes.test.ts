/** Every update, feed, import, media and inbox-draft change is one action: the change and one audit row. */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refuseAuditOf } from '../helpers/audit-faults.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { realPng } from '../helpers/images.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const FIXTURE = fs.readFileSync(
  new URL('../fixtures/import/river-crisis-2031-03-04.txt', import.meta.url),
  'utf8',
)

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>wire-1</guid><title>Pumps arrive at the levee</title>
<description>Engineers said the pumps would run through the night.</description></item>
</channel></rss>`

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

describe.each(BACKENDS)('audit of updates, feeds, imports, media and drafts on %s', (backend) => {
  let server: TestServer
  let editor: string
  let admin: string
  let feedBase: string
  const wire = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' })
    res.end(RSS)
  })
  const seen = new Set<string>()
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, ...options })

  /** The audit rows written since the last call, oldest first. */
  const newRows = async (): Promise<AuditRow[]> => {
    const res = await api('GET', '/audit?limit=200', { token: admin })
    expect(res.status, res.text).toBe(200)
    const fresh = (res.body.items as AuditRow[]).filter((row) => !seen.has(row.id)).reverse()
    for (const row of fresh) seen.add(row.id)
    return fresh
  }
  /** The one audit row a change wrote, by the editor over HTTP unless said otherwise. */
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
  const count = async (table: 'story_update' | 'inbox_entry' | 'import_record', slug: string) => {
    const db = server.runtime.db.kysely
    const story = await db
      .selectFrom('story')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('story_id', '=', story.id)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    admin = await server.token('admin')
    for (const slug of ['river', 'broken']) {
      const story = await api('POST', '/stories', { body: { title: slug, slug } })
      expect(story.status, story.text).toBe(201)
    }
    await new Promise<void>((resolve) => wire.listen(0, '127.0.0.1', resolve))
    feedBase = `http://127.0.0.1:${(wire.address() as AddressInfo).port}`
    await newRows()
  })
  afterAll(async () => {
    wire.close()
    await server?.close()
  })

  it('records a draft, its edit, its publication, a pin and its deletion, one row each', async () => {
    const created = await api('POST', '/stories/river/updates', { body: { headline: 'Levee' } })
    expect(created.status, created.text).toBe(201)
    const id = created.body.id as string
    await oneRow({
      action: 'update.create',
      target_type: 'update',
      target_id: id,
      story: 'river',
      before: null,
      after: expect.objectContaining({ id, headline: 'Levee', status: 'draft', version: 1 }),
    })

    const edit = (body: Record<string, unknown>, version: number) =>
      api('PATCH', `/stories/river/updates/${id}`, {
        body,
        headers: { 'if-match': `"${version}"` },
      })
    expect((await edit({ headline: 'Levee holds' }, 1)).status).toBe(200)
    await oneRow({
      action: 'update.edit',
      target_type: 'update',
      target_id: id,
      before: expect.objectContaining({ headline: 'Levee', version: 1 }),
      after: expect.objectContaining({ headline: 'Levee holds', version: 2 }),
    })

    expect((await edit({ status: 'published' }, 2)).status).toBe(200)
    await oneRow({
      action: 'update.publish',
      target_type: 'update',
      target_id: id,
      before: expect.objectContaining({ status: 'draft' }),
      after: expect.objectContaining({ status: 'published', version: 3 }),
    })

    expect((await edit({ pinned: true }, 3)).status).toBe(200)
    await oneRow({
      action: 'update.edit',
      target_type: 'update',
      target_id: id,
      after: expect.objectContaining({ pinned: true, version: 4 }),
    })

    // An edit that changes nothing changes nothing on record either.
    expect((await edit({ pinned: true }, 4)).status).toBe(200)
    expect(await newRows()).toEqual([])

    const removed = await api('DELETE', `/stories/river/updates/${id}`)
    expect(removed.status, removed.text).toBe(200)
    await oneRow({
      action: 'update.delete',
      target_type: 'update',
      target_id: id,
      before: expect.objectContaining({ status: 'published' }),
    })
  })

  it('writes nothing on record for a refused change', async () => {
    const stale = await api('POST', '/stories/river/updates', { body: { headline: 'Stale' } })
    await newRows()
    const refused = await api('PATCH', `/stories/river/updates/${stale.body.id as string}`, {
      body: { headline: 'Late' },
      headers: { 'if-match': '"9"' },
    })
    expect(refused.status).toBe(412)
    expect(await newRows()).toEqual([])
  })

  it('records adding a new feed and removing it, not adding one already followed', async () => {
    const url = `${feedBase}/wire.xml`
    const added = await api('POST', '/stories/river/feeds', { body: { url } })
    expect(added.status, added.text).toBe(201)
    const id = added.body.id as string
    await oneRow({
      action: 'feed.add',
      target_type: 'feed',
      target_id: id,
      story: 'river',
      after: expect.objectContaining({ id, url }),
    })
    const again = await api('POST', '/stories/river/feeds', { body: { url } })
    expect(again.status).toBe(200)
    expect(await newRows()).toEqual([])

    // The check is the editor's action; the import it made is the feed's own, on record as such.
    const polled = await api('POST', `/stories/river/feeds/${id}/poll`)
    expect(polled.status, polled.text).toBe(200)
    expect(polled.body).toMatchObject({ status: 'new', drafts: 1 })
    const rows = await newRows()
    expect(rows.map((r) => [r.action, r.actor, r.via, r.target_id]).sort()).toEqual([
      ['feed.check', 'test editor', 'http', id],
      ['import.create', 'feed', 'feed', 'river'],
    ])

    const removed = await api('DELETE', `/stories/river/feeds/${id}`)
    expect(removed.status).toBe(204)
    await oneRow({
      action: 'feed.remove',
      target_type: 'feed',
      target_id: id,
      before: expect.objectContaining({ id, url }),
    })
  })

  it('records an import as one row with counts, and its draft decisions one row each', async () => {
    const imported = await api('POST', '/stories/river/imports', {
      body: { text: FIXTURE, file_name: 'river.txt' },
    })
    expect(imported.status, imported.text).toBe(200)
    const report = imported.body.imported[0]
    const drafts = report.drafts as Array<{ id: string }>
    expect(drafts.length).toBeGreaterThan(1)
    const row = await oneRow({
      action: 'import.create',
      target_type: 'story',
      target_id: 'river',
      story: 'river',
      after: expect.objectContaining({
        entry_id: report.entry_id,
        drafts: drafts.length,
        duplicates: 0,
      }),
    })
    // Counts, not the text.
    expect(JSON.stringify(row.after)).not.toContain(FIXTURE.slice(0, 200))

    const again = await api('POST', '/stories/river/imports', {
      body: { text: FIXTURE, file_name: 'river.txt' },
    })
    expect(again.body.skipped[0]).toMatchObject({ code: 'IMPORT_DUPLICATE' })
    expect(await newRows()).toEqual([])

    const decide = (updateId: string, body: Record<string, unknown>, headers = {}) =>
      api('POST', `/stories/river/inbox/${report.entry_id as string}/drafts/${updateId}`, {
        body,
        headers,
      })
    const [first, second, third] = drafts
    const published = await decide(
      first!.id,
      { action: 'accept', publish: true },
      { 'if-match': '"1"' },
    )
    expect(published.status, published.text).toBe(200)
    await oneRow({
      action: 'inbox.draft_accept',
      target_type: 'update',
      target_id: first!.id,
      story: 'river',
      before: expect.objectContaining({ state: 'pending' }),
      after: expect.objectContaining({
        state: 'accepted',
        update: expect.objectContaining({ status: 'published' }),
      }),
    })

    const rejected = await decide(second!.id, { action: 'reject' })
    expect(rejected.status, rejected.text).toBe(200)
    await oneRow({
      action: 'inbox.draft_reject',
      target_type: 'update',
      target_id: second!.id,
      after: expect.objectContaining({ state: 'rejected' }),
    })

    // Publishing fails on a stale version: the decision is not taken either.
    const stale = await decide(
      third!.id,
      { action: 'accept', publish: true },
      { 'if-match': '"7"' },
    )
    expect(stale.status).toBe(412)
    expect(await newRows()).toEqual([])
    const retry = await decide(third!.id, { action: 'accept' })
    expect(retry.status, retry.text).toBe(200)
    await oneRow({ action: 'inbox.draft_accept', target_type: 'update', target_id: third!.id })
  })

  it('records an upload as one row', async () => {
    const uploaded = await api('POST', '/media', {
      raw: await realPng(320, 200),
      headers: { 'content-type': 'image/png', 'x-file-name': 'levee.png' },
    })
    expect(uploaded.status, uploaded.text).toBe(201)
    await oneRow({
      action: 'media.upload',
      target_type: 'media',
      target_id: uploaded.body.id as string,
      after: { file_name: 'levee.png', type: 'image/png', width: 320, height: 200 },
    })
  })

  it('leaves no draft, inbox entry or import record when the import fails in the database', async () => {
    await refuseAuditOf(server.runtime, 'broken')
    const failed = await api('POST', '/stories/broken/imports', {
      body: { text: FIXTURE, file_name: 'river.txt' },
    })
    expect(failed.status).toBe(500)
    expect(await count('story_update', 'broken')).toBe(0)
    expect(await count('inbox_entry', 'broken')).toBe(0)
    expect(await count('import_record', 'broken')).toBe(0)
    expect(await newRows()).toEqual([])
  })
})
