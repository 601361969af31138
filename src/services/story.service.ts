/** @module services/story — creating, reading and editing stories (title, lead, developing flag, status). */
import { can, type Actor } from '../core/role.js'
import { publicStory } from '../core/public-shape.js'
import { applyStoryChanges, slugCandidates, type Story, type StoryChanges } from '../core/story.js'
import { isBlankText } from '../core/text.js'
import { checkVersion } from '../core/version.js'
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { StoryRepository, type StoryRevision } from '../storage/repositories/story.repository.js'
import type { Actions, ActionContext } from './action.js'
import { appendEvent } from './event-writer.js'
import { newId } from './ids.js'

export interface NewStory {
  title: string
  slug?: string
  lead?: string
  developing?: boolean
  status?: Story['status']
}

export class StoryService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  async createStory(ctx: ActionContext, input: NewStory): Promise<Story> {
    assertCan(ctx.actor, 'story.create')
    assertVisible('title', input.title)
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const stories = new StoryRepository(trx)
      const story: Story = {
        id: newId(),
        slug: input.slug ?? (await freeSlug(stories, input.title)),
        title: input.title,
        lead: input.lead ?? '',
        developing: input.developing ?? true,
        status: input.status ?? 'live',
        version: 1,
        lastSeq: 0,
        createdAt: at,
        updatedAt: at,
      }
      if (await stories.findBySlug(story.slug)) {
        throw new AppError(
          'STORY_SLUG_TAKEN',
          `A story with the slug "${story.slug}" already exists`,
          { slug: story.slug },
        )
      }
      await stories.insert(story)
      await stories.insertRevision(story.id, revisionOf(story, actor, at))
      await action.audit({
        action: 'story.create',
        targetType: 'story',
        targetId: story.slug,
        storySlug: story.slug,
        after: publicStory(story),
      })
      return story
    })
  }

  getStory(slug: string): Promise<Story> {
    return storyBySlug(this.db.kysely, slug)
  }

  listStories(limit = 50): Promise<Story[]> {
    return new StoryRepository(this.db.kysely).list(limit)
  }

  /** Edits title, lead, flag or status under If-Match; one `story.updated` event when anything changed. */
  async editStory(
    ctx: ActionContext,
    slug: string,
    expectedVersion: number | undefined,
    changes: StoryChanges,
  ): Promise<Story> {
    assertCan(ctx.actor, 'story.edit')
    if (changes.title !== undefined) assertVisible('title', changes.title)
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const stories = new StoryRepository(trx)
      const current = await storyBySlug(trx, slug)
      const check = checkVersion(expectedVersion, current.version)
      if (check === 'missing')
        throw new AppError('PRECONDITION_REQUIRED', undefined, { current_version: current.version })
      if (check === 'stale')
        throw new AppError('STORY_VERSION_CONFLICT', undefined, {
          current_version: current.version,
          current: publicStory(current),
        })
      const { next, changed } = applyStoryChanges(current, changes)
      if (!changed) return current
      next.version = current.version + 1
      next.updatedAt = at
      await stories.update(next)
      await stories.insertRevision(next.id, revisionOf(next, actor, at))
      const event = await appendEvent(
        trx,
        next,
        'story.updated',
        (seq) => ({ story: publicStory({ ...next, lastSeq: seq }) }),
        at,
      )
      action.emit(event)
      const story = { ...next, lastSeq: event.seq }
      await action.audit({
        action: 'story.edit',
        targetType: 'story',
        targetId: story.slug,
        storySlug: story.slug,
        before: publicStory(current),
        after: publicStory(story),
      })
      return story
    })
  }

  async listRevisions(slug: string): Promise<StoryRevision[]> {
    const story = await this.getStory(slug)
    return new StoryRepository(this.db.kysely).listRevisions(story.id)
  }
}

function revisionOf(story: Story, actor: Actor, at: string): StoryRevision {
  return {
    version: story.version,
    snapshot: {
      title: story.title,
      lead: story.lead,
      developing: story.developing,
      status: story.status,
    },
    actor: actor.name,
    createdAt: at,
  }
}

/** The story with this slug, or the catalog's STORY_NOT_FOUND; every service looks stories up so. */
export async function storyBySlug(db: Executor, slug: string): Promise<Story> {
  const story = await new StoryRepository(db).findBySlug(slug)
  if (!story) throw new AppError('STORY_NOT_FOUND', `No story with the slug "${slug}"`)
  return story
}

export function assertCan(actor: Actor, action: Parameters<typeof can>[1], message?: string): void {
  if (!can(actor.role, action))
    throw new AppError(
      'AUTH_FORBIDDEN',
      message ?? `The ${actor.role} role may not do this (${action})`,
    )
}

/** A title or headline names something: white space and zero-width characters alone do not. */
export function assertVisible(field: string, text: string): void {
  if (isBlankText(text))
    throw new AppError('REQUEST_TEXT_BLANK', `The ${field} needs at least one visible character`, {
      field,
    })
}

/**
 * The first free slug for a title: the title's own, else numbered. A slug someone asked for is
 * theirs to choose (409 when taken); a derived one never collides.
 */
async function freeSlug(stories: StoryRepository, title: string): Promise<string> {
  const candidates = slugCandidates(title, () => newId().slice(-6))
  for (const slug of candidates.slice(0, -1)) if (!(await stories.findBySlug(slug))) return slug
  return candidates[candidates.length - 1]!
}
