/** One action, one transaction: the change, its audit row and its events commit or vanish together. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import type { StoryEvent } from '../../src/core/story-event.js'
import { Actions, cliContext } from '../../src/services/action.js'
import { StoryService } from '../../src/services/story.service.js'
import { BACKENDS, createBackend, type Backend } from '../helpers/backends.js'
import { refuseAuditOf } from '../helpers/audit-faults.js'

describe.each(BACKENDS)(`${Actions.name} on %s`, (name) => {
  let backend: Backend
  let runtime: Runtime
  let announced: StoryEvent[][]
  let sut: Actions
  let stories: StoryService

  beforeAll(async () => {
    backend = await createBackend(name)
    runtime = await boot(loadConfig({ SITREP_LOG_LEVEL: 'silent', ...backend.env }), {
      bus: false,
    })
    announced = []
    sut = new Actions(
      runtime.db,
      () => new Date(),
      (events) => announced.push(events),
    )
    stories = new StoryService(runtime.db, sut)
  })
  afterAll(async () => {
    await runtime?.close()
    await backend?.cleanup()
  })

  const count = async (table: 'story' | 'audit_entry' | 'story_event', where?: string) => {
    let q = runtime.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))
    if (where && table === 'story') q = q.where('slug', '=', where)
    if (where && table === 'audit_entry') q = q.where('target_id', '=', where)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }

  it('writes the change and its one audit row together, with the context and the source', async () => {
    const ctx = cliContext({ name: 'Night desk', role: 'editor' })
    await stories.createStory(ctx, { title: 'Harbour fire', slug: 'harbour-fire' })
    const rows = await runtime.db.kysely
      .selectFrom('audit_entry')
      .selectAll()
      .where('target_id', '=', 'harbour-fire')
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor: 'Night desk',
      actor_role: 'editor',
      action: 'story.create',
      target_type: 'story',
      story_slug: 'harbour-fire',
      request_id: ctx.requestId,
      via: 'cli',
    })
  })

  it('announces events only after commit, and never those of an action that rolled back', async () => {
    const ctx = cliContext({ name: 'Night desk', role: 'editor' })
    announced.length = 0
    await stories.editStory(ctx, 'harbour-fire', 1, { lead: 'Two warehouses burn.' })
    expect(announced).toHaveLength(1)
    expect(announced[0]!.map((e) => e.type)).toEqual(['story.updated'])
    announced.length = 0
    const eventsBefore = await count('story_event')
    await expect(
      sut.run(ctx, async (action) => {
        await stories.editStory(action, 'harbour-fire', 2, { lead: 'Three warehouses burn.' })
        throw new Error('the database went away')
      }),
    ).rejects.toThrow('the database went away')
    expect(announced).toHaveLength(0)
    expect(await count('story_event')).toBe(eventsBefore)
    expect((await stories.getStory('harbour-fire')).lead).toBe('Two warehouses burn.')
  })

  it('keeps neither the change nor its audit row when the audit insert fails in the database', async () => {
    // A trigger on the real database refuses this one audit row, after the story row is written
    // in the same transaction.
    await refuseAuditOf(runtime, 'orphan')
    const ctx = cliContext({ name: 'Night desk', role: 'editor' })
    const auditsBefore = await count('audit_entry')
    await expect(stories.createStory(ctx, { title: 'Orphan', slug: 'orphan' })).rejects.toThrow(
      /audit refused/,
    )
    expect(await count('story', 'orphan')).toBe(0)
    expect(await count('audit_entry')).toBe(auditsBefore)
  })

  it('joins a running action: one transaction, one audit row from the outer service', async () => {
    const ctx = cliContext({ name: 'Night desk', role: 'editor' })
    const auditsBefore = await count('audit_entry')
    await sut.run(ctx, async (action) => {
      await stories.createStory(action, { title: 'Joined', slug: 'joined' })
      await stories.editStory(action, 'joined', 1, { lead: 'Both in one.' })
      await action.audit({ action: 'story.batch', targetType: 'story', targetId: 'joined' })
    })
    expect(await count('audit_entry')).toBe(auditsBefore + 1)
    expect(await count('audit_entry', 'joined')).toBe(1)
    await expect(
      sut.run(ctx, async (action) => {
        await action.audit({ action: 'a.one', targetType: 'story', targetId: 'twice' })
        await action.audit({ action: 'a.two', targetType: 'story', targetId: 'twice' })
      }),
    ).rejects.toThrow(/One audit row per action/)
    expect(await count('audit_entry', 'twice')).toBe(0)
  })
})
