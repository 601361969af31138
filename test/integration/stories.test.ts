import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse } from '../helpers/sse.js'

describe.each(BACKENDS)('stories and their stream on %s', (backend) => {
  let server: TestServer
  let editor: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_REPLAY_WINDOW: '3' })
    editor = await server.token('editor')
  })
  afterAll(async () => server?.close())

  it('creates a story with a slug derived from the title, and refuses a taken slug', async () => {
    const res = await api('POST', '/stories', {
      token: editor,
      body: { title: 'Flooding in Ćuprija: day 2', lead: 'Rivers are *rising*.' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      slug: 'flooding-in-cuprija-day-2',
      developing: true,
      status: 'live',
      version: 1,
      last_event_id: 0,
    })
    expect(res.body.lead_html).toContain('<em>rising</em>')
    const taken = await api('POST', '/stories', {
      token: editor,
      body: { title: 'Other', slug: 'flooding-in-cuprija-day-2' },
    })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('STORY_SLUG_TAKEN')
    const badSlug = await api('POST', '/stories', {
      token: editor,
      body: { title: 'Other', slug: 'Not A Slug' },
    })
    expect(badSlug.status).toBe(400)
    const list = await api('GET', '/stories')
    expect(list.body.items.map((s: any) => s.slug)).toContain('flooding-in-cuprija-day-2')
  })

  it('versions the lead and status: If-Match, revisions and a story.updated event each', async () => {
    await api('POST', '/stories', {
      token: editor,
      body: { title: 'Siege', slug: 'siege', lead: 'Fighting continues.' },
    })
    const edit = await api('PATCH', '/stories/siege', {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { lead: 'The ministry says the town is taken; Kyiv has not confirmed.' },
    })
    expect(edit.status).toBe(200)
    expect(edit.body).toMatchObject({ version: 2, last_event_id: 1 })
    expect(edit.headers.get('etag')).toBe('"2"')
    const stale = await api('PATCH', '/stories/siege', {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { status: 'ended' },
    })
    expect(stale.status).toBe(412)
    expect(stale.body.error.code).toBe('STORY_VERSION_CONFLICT')
    expect(
      (await api('PATCH', '/stories/siege', { token: editor, body: { status: 'ended' } })).status,
    ).toBe(428)
    const ended = await api('PATCH', '/stories/siege', {
      token: editor,
      headers: { 'if-match': '2' },
      body: { status: 'ended', developing: false },
    })
    expect(ended.body).toMatchObject({ status: 'ended', developing: false, version: 3 })
    const invalid = await api('PATCH', '/stories/siege', {
      token: editor,
      headers: { 'if-match': '3' },
      body: { status: 'archived' },
    })
    expect(invalid.status).toBe(400)
    const revisions = await api('GET', '/stories/siege/revisions')
    expect(revisions.body.items.map((r: any) => [r.version, r.status])).toEqual([
      [1, 'live'],
      [2, 'live'],
      [3, 'ended'],
    ])
    const events = await api('GET', '/stories/siege/events')
    expect(events.body.items.map((e: any) => [e.seq, e.type, e.data.story.version])).toEqual([
      [1, 'story.updated', 2],
      [2, 'story.updated', 3],
    ])
    expect(events.body.items[1].data.story.last_event_id).toBe(2)
  })

  it('streams each change once with its number, replays from Last-Event-ID, and resets beyond the window', async () => {
    await api('POST', '/stories', { token: editor, body: { title: 'Stream', slug: 'stream' } })
    const live = openSse(`${server.url}/stories/stream/events`)
    expect(await live.status).toBe(200)
    const first = await api('POST', '/stories/stream/updates', {
      token: editor,
      body: { headline: 'One', status: 'published' },
    })
    await api('PATCH', `/stories/stream/updates/${first.body.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { headline: 'One (corrected)' },
    })
    await api('PATCH', `/stories/stream/updates/${first.body.id}`, {
      token: editor,
      headers: { 'if-match': '"2"' },
      body: { pinned: true },
    })
    await api('PATCH', '/stories/stream', {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { lead: 'New lead' },
    })
    await api('DELETE', `/stories/stream/updates/${first.body.id}`, { token: editor })
    const messages = await live.waitFor(5)
    expect(messages.map((m) => [m.id, m.data.type])).toEqual([
      ['1', 'update.published'],
      ['2', 'update.edited'],
      ['3', 'update.pinned'],
      ['4', 'story.updated'],
      ['5', 'update.deleted'],
    ])
    expect(messages[1]!.data.update.headline).toBe('One (corrected)')
    expect(messages[3]!.data.story.lead).toBe('New lead')
    expect(messages[4]!.data.update).toMatchObject({
      id: first.body.id,
      status: 'deleted',
      headline: '',
    })
    live.close()

    const resumed = openSse(`${server.url}/stories/stream/events`, { 'last-event-id': '3' })
    expect((await resumed.waitFor(2)).map((m) => m.id)).toEqual(['4', '5'])
    const viaQuery = openSse(`${server.url}/stories/stream/events?lastEventId=4`)
    expect((await viaQuery.waitFor(1)).map((m) => m.id)).toEqual(['5'])
    const tooOld = openSse(`${server.url}/stories/stream/events`, { 'last-event-id': '1' })
    expect((await tooOld.waitFor(1))[0]!.data).toMatchObject({ type: 'reset', seq: 5 })
    const future = openSse(`${server.url}/stories/stream/events`, { 'last-event-id': '99' })
    expect((await future.waitFor(1))[0]!.data.type).toBe('reset')
    await api('POST', '/stories/stream/updates', {
      token: editor,
      body: { headline: 'Two', status: 'published' },
    })
    for (const reader of [resumed, viaQuery, tooOld, future]) {
      const all = await reader.waitFor(reader === resumed ? 3 : 2)
      expect(all.at(-1)!.id).toBe('6')
      reader.close()
    }
  })

  it('answers 404 for the stream of an unknown story', async () => {
    const res = await fetch(`${server.url}/stories/none/events`)
    expect(res.status).toBe(404)
  })

  it('exports a story with every revision and event, and the export restores exactly into another database', async () => {
    const doc = await api('GET', '/stories/stream/export', { token: editor })
    expect(doc.status).toBe(200)
    expect(doc.body.events).toHaveLength(6)
    const other = await startTestServer(backend)
    try {
      const result = await other.runtime.services.exports.importStory(cliContext(), doc.body)
      expect(result).toEqual({ slug: 'stream', updates: 2, events: 6, claims: 0 })
      const again = await other.runtime.services.exports.exportStory('stream')
      expect({ ...again, exported_at: 'x' }).toEqual({ ...doc.body, exported_at: 'x' })
    } finally {
      await other.close()
    }
  })
})
