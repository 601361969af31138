/** Desk presence over real HTTP: diffs instead of whole lists, caps per user and per story, and a deactivated user leaving at once. */
import { cliContext } from '../../src/services/action.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { openSse, type SseMessage, type SseReader } from '../helpers/sse.js'

const PASSWORD = 'correct horse battery'
const eventOf = (m: SseMessage) => /^event: (.+)$/m.exec(m.raw)?.[1]

describe.each(BACKENDS)('desk presence on %s', (backend) => {
  let server: TestServer
  let admin: DeskSession
  const desk: Record<string, DeskSession> = {}
  const userIds: Record<string, string> = {}
  const storyIds: Record<string, string> = {}
  const streams: SseReader[] = []
  const open = (who: string, client: string, slug = 'desk') => {
    const s = openSse(`${server.url}/api/v1/stories/${slug}/presence?client=${client}`, {
      cookie: desk[who]!.cookie,
    })
    streams.push(s)
    return s
  }

  beforeAll(async () => {
    server = await startTestServer(backend, {
      SITREP_PRESENCE_MAX_PER_USER: '3',
      SITREP_PRESENCE_MAX_PER_STORY: '4',
      // Short, so a session ended elsewhere is noticed quickly.
      SITREP_HEARTBEAT_MS: '300',
    })
    const services = server.runtime.services
    await services.users.createUser(cliContext(), {
      email: 'admin@example.org',
      role: 'admin',
      password: PASSWORD,
    })
    admin = await signIn(server.url, 'admin@example.org', PASSWORD)
    for (const name of ['ana', 'ben', 'cy', 'dee']) {
      const { user } = await services.users.createUser(cliContext(), {
        email: `${name}@example.org`,
        role: 'editor',
        password: PASSWORD,
        displayName: name,
      })
      userIds[name] = user.id
      desk[name] = await signIn(server.url, `${name}@example.org`, PASSWORD)
    }
    for (const slug of ['desk', 'other', 'third']) {
      await admin.api('POST', '/stories', { body: { title: slug, slug } })
      storyIds[slug] = (await services.events.findStoryHead(slug))!.id
    }
  })
  afterAll(async () => {
    for (const s of streams) s.close()
    await server?.close()
  })

  it('sends the whole list once, then joins, changes and leaves as diffs', async () => {
    const ana = open('ana', 'ana-tab-1')
    const [snapshot] = await ana.waitFor(1)
    expect(eventOf(snapshot!)).toBe('presence')
    expect(snapshot!.data.people.map((p: any) => p.name)).toEqual(['ana'])

    const ben = open('ben', 'ben-tab-1')
    const [benList] = await ben.waitFor(1)
    expect(benList!.data.people.map((p: any) => p.name).sort()).toEqual(['ana', 'ben'])
    const [, join] = await ana.waitFor(2)
    expect(eventOf(join!)).toBe('presence.join')
    expect(join!.data).toMatchObject({ client: 'ben-tab-1', name: 'ben', editing: null })
    expect(join!.data.people).toBeUndefined()

    const put = await desk.ben!.api('PUT', '/stories/desk/presence', {
      body: { client: 'ben-tab-1', editing: 'new' },
    })
    expect(put.status).toBe(204)
    const [, , change] = await ana.waitFor(3)
    expect(eventOf(change!)).toBe('presence.change')
    expect(change!.data).toMatchObject({ client: 'ben-tab-1', editing: 'new' })

    ben.close()
    const [, , , leave] = await ana.waitFor(4)
    expect(eventOf(leave!)).toBe('presence.leave')
    expect(leave!.data).toEqual({ client: 'ben-tab-1' })
    ana.close()
  })

  it('caps presence streams per user and per story with a catalog 429', async () => {
    await expect.poll(() => server.app.presence.list(storyIds.desk!).length).toBe(0)
    const mine = ['cy-tab-1', 'cy-tab-2', 'cy-tab-3'].map((c, i) =>
      open('cy', c, ['desk', 'other', 'third'][i]),
    )
    for (const s of mine) expect(await s.status).toBe(200)
    const refused = await desk.cy!.api('GET', '/stories/desk/presence?client=cy-tab-4')
    expect(refused.status).toBe(429)
    expect(refused.body.error).toMatchObject({
      code: 'PRESENCE_TOO_MANY_STREAMS',
      details: { scope: 'user', open: 3, max: 3 },
    })
    // A tab reconnecting under its own id replaces its stream instead of counting twice.
    const again = open('cy', 'cy-tab-1')
    expect(await again.status).toBe(200)
    await mine[0]!.closed

    // The story holds four: cy's one, and three more from the others.
    for (const [who, client] of [
      ['ana', 'ana-tab-2'],
      ['ana', 'ana-tab-3'],
      ['ben', 'ben-tab-2'],
    ] as const)
      expect(await open(who, client).status).toBe(200)
    const full = await desk.ben!.api('GET', '/stories/desk/presence?client=ben-tab-3')
    expect(full.status).toBe(429)
    expect(full.body.error.details).toMatchObject({ scope: 'story', open: 4, max: 4 })
    for (const s of streams) s.close()
  })

  it("closes a deactivated user's presence streams at once, and the others see them leave", async () => {
    await expect.poll(() => server.app.presence.list(storyIds.desk!).length).toBe(0)
    const ana = open('ana', 'ana-tab-9')
    await ana.waitFor(1)
    const ben = open('ben', 'ben-tab-9')
    await ben.waitFor(1)
    await ana.waitFor(2)
    const res = await admin.api('PATCH', `/users/${userIds.ben}`, { body: { active: false } })
    expect(res.status).toBe(200)
    await ben.closed
    const [, , leave] = await ana.waitFor(3)
    expect(eventOf(leave!)).toBe('presence.leave')
    expect(leave!.data).toEqual({ client: 'ben-tab-9' })
    // Nor can the stream be opened again.
    const refused = await request(
      server.url,
      'GET',
      '/api/v1/stories/desk/presence?client=ben-tab-9',
      {
        headers: { cookie: desk.ben!.cookie },
      },
    )
    expect(refused.status).toBe(401)
  })

  it('ends the presence of a user deactivated elsewhere (the CLI) within a heartbeat', async () => {
    const dee = open('dee', 'dee-tab-1', 'third')
    expect(await dee.status).toBe(200)
    await dee.waitFor(1)
    // As `sitrep user deactivate` does it: through the service, not this server's route.
    await server.runtime.services.users.editUser(cliContext(), userIds.dee!, { active: false })
    await dee.closed
    expect(server.app.presence.list(storyIds.third!).map((p) => p.client)).not.toContain(
      'dee-tab-1',
    )
  })
})
