import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoryEvent } from '../../src/core/story-event.js'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

describe.each(BACKENDS)('updates API on %s', (backend) => {
  let server: TestServer
  let editor: string
  let contributor: string
  const busEvents: StoryEvent[] = []
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    contributor = await server.token('contributor')
    server.runtime.bus.subscribe((event) => busEvents.push(event))
    const res = await api('POST', '/stories', {
      token: editor,
      body: { title: 'Harbour fire', slug: 'harbour-fire' },
    })
    expect(res.status).toBe(201)
  })
  afterAll(async () => server?.close())

  /** The event rows of the main story, straight from the database. */
  const storyEvents = () =>
    server.runtime.db.kysely
      .selectFrom('story_event')
      .innerJoin('story', 'story.id', 'story_event.story_id')
      .selectAll('story_event')
      .where('story.slug', '=', 'harbour-fire')
      .orderBy('seq')
      .execute()

  it('publishes an update: 201 with id, version and ETag, one event and one bus message', async () => {
    const before = (await storyEvents()).length
    const res = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: {
        headline: 'Fire reaches the docks',
        body: 'Crews are **on scene**.',
        status: 'published',
      },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      id: expect.any(String),
      version: 1,
      status: 'published',
      headline: 'Fire reaches the docks',
    })
    expect(res.body.body_html).toContain('<strong>on scene</strong>')
    expect(res.headers.get('etag')).toBe('"1"')
    const events = await storyEvents()
    expect(events).toHaveLength(before + 1)
    const last = events.at(-1)!
    expect(last).toMatchObject({ seq: before + 1, type: 'update.published' })
    expect(JSON.parse(last.data)).toMatchObject({
      type: 'update.published',
      seq: before + 1,
      slug: 'harbour-fire',
      update: { id: res.body.id },
    })
    await expect.poll(() => busEvents.some((e) => e.seq === before + 1)).toBe(true)
    const story = await api('GET', '/stories/harbour-fire')
    expect(story.body.last_event_id).toBe(before + 1)
  })

  it('edits with If-Match as an entity tag or a bare number, and keeps every revision', async () => {
    const created = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: { headline: 'Smoke over the port', status: 'published' },
    })
    const id = created.body.id as string
    const first = await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { body: 'Residents told to close windows.' },
    })
    expect(first.status).toBe(200)
    expect(first.body.version).toBe(2)
    expect(first.body.edited_at).toEqual(expect.any(String))
    expect(first.headers.get('etag')).toBe('"2"')
    const second = await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      headers: { 'if-match': '2' },
      body: { headline: 'Thick smoke over the port' },
    })
    expect(second.status).toBe(200)
    const revisions = await api('GET', `/stories/harbour-fire/updates/${id}/revisions`)
    expect(revisions.body.items.map((r: any) => [r.version, r.update.headline])).toEqual([
      [1, 'Smoke over the port'],
      [2, 'Smoke over the port'],
      [3, 'Thick smoke over the port'],
    ])
    const types = (await storyEvents()).slice(-3).map((e) => e.type)
    expect(types).toEqual(['update.published', 'update.edited', 'update.edited'])
  })

  it('rejects a stale If-Match with 412 and the current version, and a missing one with 428, changing nothing', async () => {
    const created = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: { headline: 'Road closed', status: 'published' },
    })
    const id = created.body.id as string
    await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { headline: 'Road A1 closed' },
    })
    const eventsBefore = (await storyEvents()).length
    const stale = await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { headline: 'Overwrite attempt' },
    })
    expect(stale.status).toBe(412)
    expect(stale.body.error.code).toBe('UPDATE_VERSION_CONFLICT')
    expect(stale.body.error.details).toMatchObject({
      current_version: 2,
      current: { headline: 'Road A1 closed' },
    })
    const missing = await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      body: { headline: 'Overwrite attempt' },
    })
    expect(missing.status).toBe(428)
    expect(missing.body.error.code).toBe('PRECONDITION_REQUIRED')
    const garbage = await api('PATCH', `/stories/harbour-fire/updates/${id}`, {
      token: editor,
      headers: { 'if-match': 'banana' },
      body: { headline: 'Overwrite attempt' },
    })
    expect(garbage.status).toBe(412)
    const now = await api('GET', `/stories/harbour-fire/updates/${id}`)
    expect(now.body).toMatchObject({ headline: 'Road A1 closed', version: 2 })
    expect((await storyEvents()).length).toBe(eventsBefore)
  })

  it('lets exactly one of two concurrent edits with the same version win', async () => {
    const created = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: { headline: 'Race', status: 'published' },
    })
    const id = created.body.id as string
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((who) =>
        api('PATCH', `/stories/harbour-fire/updates/${id}`, {
          token: editor,
          headers: { 'if-match': '"1"' },
          body: { headline: `Race won by ${who}` },
        }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412])
    const revisions = await api('GET', `/stories/harbour-fire/updates/${id}/revisions`)
    expect(revisions.body.items).toHaveLength(2)
  })

  it('deletes as a tombstone: gone from lists and reads, history kept for the newsroom, one event', async () => {
    const created = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: { headline: 'Wrong casualty figure', status: 'published' },
    })
    const id = created.body.id as string
    const del = await api('DELETE', `/stories/harbour-fire/updates/${id}`, { token: editor })
    expect(del.status).toBe(200)
    expect(del.body).toMatchObject({
      id,
      status: 'deleted',
      headline: '',
      deleted_at: expect.any(String),
    })
    expect((await storyEvents()).at(-1)).toMatchObject({ type: 'update.deleted' })
    expect((await api('GET', `/stories/harbour-fire/updates/${id}`)).status).toBe(410)
    const list = await api('GET', '/stories/harbour-fire/updates?limit=100')
    expect(list.body.items.map((u: any) => u.id)).not.toContain(id)
    expect((await api('GET', `/stories/harbour-fire/updates/${id}/revisions`)).status).toBe(410)
    const history = await api('GET', `/stories/harbour-fire/updates/${id}/revisions`, {
      token: editor,
    })
    expect(history.body.items.map((r: any) => r.update.status)).toEqual(['published', 'deleted'])
    expect(history.body.items[1].update.headline).toBe('Wrong casualty figure')
    const again = await api('DELETE', `/stories/harbour-fire/updates/${id}`, { token: editor })
    expect(again.status).toBe(410)
  })

  it('pins with its own event type', async () => {
    const created = await api('POST', '/stories/harbour-fire/updates', {
      token: editor,
      body: { headline: 'Evacuation order', status: 'published' },
    })
    const res = await api('PATCH', `/stories/harbour-fire/updates/${created.body.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { pinned: true, key_event: true },
    })
    expect(res.body).toMatchObject({ pinned: true, key_event: true })
    expect((await storyEvents()).at(-1)).toMatchObject({ type: 'update.pinned' })
    const pinned = await api('GET', '/stories/harbour-fire/updates?pinned=true')
    expect(pinned.body.items.map((u: any) => u.id)).toEqual([created.body.id])
  })

  it('paginates newest first by cursor with a stable order and no duplicates', async () => {
    await api('POST', '/stories', { token: editor, body: { title: 'Paging', slug: 'paging' } })
    const ids: string[] = []
    for (let i = 0; i < 25; i++) {
      const res = await api('POST', '/stories/paging/updates', {
        token: editor,
        body: { headline: `Update ${i}`, status: 'published' },
      })
      ids.push(res.body.id)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await api(
        'GET',
        `/stories/paging/updates?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.status).toBe(200)
      expect(page.body.items.length).toBeLessThanOrEqual(7)
      seen.push(...page.body.items.map((u: any) => u.id))
      cursor = page.body.next_cursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    const bad = await api('GET', '/stories/paging/updates?cursor=not-a-cursor')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.field).toBe('cursor')
  })

  it('keeps drafts out of public reads and events, and lists them with a token', async () => {
    const eventsBefore = (await storyEvents()).length
    const draft = await api('POST', '/stories/harbour-fire/updates', {
      token: contributor,
      body: { headline: 'Unconfirmed: second fire' },
    })
    expect(draft.status).toBe(201)
    expect(draft.body.status).toBe('draft')
    expect((await storyEvents()).length).toBe(eventsBefore)
    expect((await api('GET', `/stories/harbour-fire/updates/${draft.body.id}`)).status).toBe(404)
    expect((await api('GET', '/stories/harbour-fire/updates?status=draft')).status).toBe(401)
    const drafts = await api('GET', '/stories/harbour-fire/updates?status=draft&limit=5', {
      token: contributor,
    })
    expect(drafts.status).toBe(200)
    expect(drafts.body.items.map((u: any) => u.id)).toContain(draft.body.id)
    const publicList = await api('GET', '/stories/harbour-fire/updates?limit=100')
    expect(publicList.body.items.map((u: any) => u.id)).not.toContain(draft.body.id)
    const published = await api('PATCH', `/stories/harbour-fire/updates/${draft.body.id}`, {
      token: editor,
      headers: { 'if-match': '"1"' },
      body: { status: 'published' },
    })
    expect(published.status).toBe(200)
    expect(published.body.published_at).toEqual(expect.any(String))
    expect((await storyEvents()).at(-1)).toMatchObject({
      type: 'update.published',
      seq: eventsBefore + 1,
    })
  })

  it('answers 404 for an unknown story or update', async () => {
    const noStory = await api('GET', '/stories/nowhere/updates')
    expect(noStory.status).toBe(404)
    expect(noStory.body.error.code).toBe('STORY_NOT_FOUND')
    const noUpdate = await api('GET', '/stories/harbour-fire/updates/nope')
    expect(noUpdate.status).toBe(404)
    expect(noUpdate.body.error.code).toBe('UPDATE_NOT_FOUND')
    const patch = await api('PATCH', '/stories/harbour-fire/updates/nope', {
      token: editor,
      headers: { 'if-match': '1' },
      body: { headline: 'x' },
    })
    expect(patch.status).toBe(404)
    const post = await api('POST', '/stories/nowhere/updates', {
      token: editor,
      body: { headline: 'x' },
    })
    expect(post.status).toBe(404)
  })
})
