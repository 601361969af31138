/** @module services/update — writing, editing, pinning and deleting updates; the only writer of updates. */
import type { Actor } from '../core/role.js'
import { can, ownerOf } from '../core/role.js'
import { publicUpdate, recordedUpdate } from '../core/public-shape.js'
import type { Story } from '../core/story.js'
import type { StoryEvent } from '../core/story-event.js'
import {
  applyUpdateChanges,
  eventForEdit,
  forbiddenEdit,
  type Update,
  type UpdateChanges,
  type UpdateContent,
  type UpdateStatus,
} from '../core/update.js'
import { checkVersion } from '../core/version.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import {
  UpdateRepository,
  type UpdateCursor,
  type UpdateRevision,
} from '../storage/repositories/update.repository.js'
import type { Action, ActionContext, Actions } from './action.js'
import { appendEvent } from './event-writer.js'
import { newId } from './ids.js'
import { assertVisible, storyBySlug } from './story.service.js'

export type NewUpdate = Partial<UpdateContent> &
  Pick<UpdateContent, 'headline'> & { status?: 'draft' | 'published'; author?: string }

export interface UpdatePage {
  items: Update[]
  next: UpdateCursor | undefined
}

export class UpdateService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  /**
   * Creates a draft, or publishes at once (editors); a published update is one `update.published`
   * event. One audit row, `update.create`.
   */
  async createUpdate(ctx: ActionContext, slug: string, input: NewUpdate): Promise<Update> {
    const { actor } = ctx
    assertVisible('headline', input.headline)
    const status = input.status ?? 'draft'
    const reason = forbiddenEdit(actor.role, undefined, {
      status,
      pinned: input.pinned ?? false,
      keyEvent: input.keyEvent ?? false,
    })
    if (reason) throw new AppError('AUTH_FORBIDDEN', reason)
    // A byline is a claim about who wrote it: only editors may credit someone else.
    if (
      input.author !== undefined &&
      input.author !== actor.name &&
      !can(actor.role, 'update.publish')
    )
      throw new AppError('AUTH_FORBIDDEN', 'Contributors write under their own name', {
        field: 'author',
      })
    const createdBy = ownerOf(actor)
    return this.actions.run(ctx, async (action) => {
      const { trx, at: now } = action
      const story = await storyBySlug(trx, slug)
      const update: Update = {
        id: newId(),
        storyId: story.id,
        headline: input.headline,
        body: input.body ?? '',
        media: input.media ?? [],
        related: input.related ?? [],
        sources: input.sources ?? [],
        pinned: input.pinned ?? false,
        keyEvent: input.keyEvent ?? false,
        status,
        author: input.author ?? actor.name,
        ...(createdBy ? { createdBy } : {}),
        version: 1,
        createdAt: now,
        updatedAt: now,
        publishedAt: status === 'published' ? now : null,
        editedAt: null,
        deletedAt: null,
      }
      const updates = new UpdateRepository(trx)
      await updates.insert(update)
      await updates.insertRevision({
        version: 1,
        snapshot: update,
        actor: actor.name,
        createdAt: now,
      })
      if (status === 'published') await this.emit(action, story, 'update.published', update)
      await action.audit({
        action: 'update.create',
        targetType: 'update',
        targetId: update.id,
        storySlug: story.slug,
        after: recordedUpdate(update, story.slug),
      })
      return update
    })
  }

  /**
   * Edits under If-Match: 428 without it, 412 when stale. Emits published / edited / pinned as
   * fits; one audit row, `update.publish` when a draft goes public, else `update.edit`, none when
   * nothing changed.
   */
  async editUpdate(
    ctx: ActionContext,
    slug: string,
    id: string,
    expectedVersion: number | undefined,
    changes: UpdateChanges,
  ): Promise<Update> {
    if (changes.headline !== undefined) assertVisible('headline', changes.headline)
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at: now } = action
      const story = await storyBySlug(trx, slug)
      const updates = new UpdateRepository(trx)
      const current = await getLiveUpdate(updates, story.id, id)
      const check = checkVersion(expectedVersion, current.version)
      if (check === 'missing')
        throw new AppError('PRECONDITION_REQUIRED', undefined, { current_version: current.version })
      if (check === 'stale') throw conflict(current, story.slug)
      const { next, contentChanged, flagsChanged, statusChanged } = applyUpdateChanges(
        current,
        changes,
      )
      const reason = forbiddenEdit(actor.role, current, next)
      if (reason) throw new AppError('AUTH_FORBIDDEN', reason)
      if (current.status === 'draft' && !mayChangeDraft(actor, current, 'update.editPublished'))
        throw new AppError('AUTH_FORBIDDEN', 'Contributors may only edit their own drafts')
      if (current.status === 'published' && next.status === 'draft') {
        throw new AppError(
          'REQUEST_VALIDATION_FAILED',
          'A published update cannot go back to draft; delete it instead',
          {
            field: 'status',
          },
        )
      }
      if (!contentChanged && !flagsChanged && !statusChanged) return current
      next.version = current.version + 1
      next.updatedAt = now
      if (statusChanged && next.status === 'published') next.publishedAt = now
      else if (current.status === 'published' && contentChanged) next.editedAt = now
      if (!(await updates.updateIfVersion(next, current.version))) {
        const latest = await getLiveUpdate(updates, story.id, id)
        throw conflict(latest, story.slug)
      }
      await updates.insertRevision({
        version: next.version,
        snapshot: next,
        actor: actor.name,
        createdAt: now,
      })
      const type = eventForEdit(current, next, contentChanged, flagsChanged)
      if (type) await this.emit(action, story, type, next)
      await action.audit({
        action:
          current.status === 'draft' && next.status === 'published'
            ? 'update.publish'
            : 'update.edit',
        targetType: 'update',
        targetId: next.id,
        storySlug: story.slug,
        before: recordedUpdate(current, story.slug),
        after: recordedUpdate(next, story.slug),
      })
      return next
    })
  }

  /**
   * Deletes as a tombstone: the row and every revision stay; readers get `update.deleted`. One
   * audit row, `update.delete`.
   */
  async deleteUpdate(
    ctx: ActionContext,
    slug: string,
    id: string,
    expectedVersion?: number,
  ): Promise<Update> {
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at: now } = action
      const story = await storyBySlug(trx, slug)
      const updates = new UpdateRepository(trx)
      const current = await getLiveUpdate(updates, story.id, id)
      // Contributors may discard their own drafts; anything public takes an editor.
      if (current.status !== 'draft' && !can(actor.role, 'update.delete'))
        throw new AppError('AUTH_FORBIDDEN', 'Only editors may delete updates')
      if (current.status === 'draft' && !mayChangeDraft(actor, current, 'update.delete'))
        throw new AppError('AUTH_FORBIDDEN', 'Contributors may only delete their own drafts')
      if (
        expectedVersion !== undefined &&
        checkVersion(expectedVersion, current.version) === 'stale'
      )
        throw conflict(current, story.slug)
      const next: Update = {
        ...current,
        status: 'deleted',
        version: current.version + 1,
        updatedAt: now,
        deletedAt: now,
      }
      if (!(await updates.updateIfVersion(next, current.version)))
        throw conflict(await getLiveUpdate(updates, story.id, id), story.slug)
      await updates.insertRevision({
        version: next.version,
        snapshot: next,
        actor: actor.name,
        createdAt: now,
      })
      if (current.status === 'published') await this.emit(action, story, 'update.deleted', next)
      await action.audit({
        action: 'update.delete',
        targetType: 'update',
        targetId: next.id,
        storySlug: story.slug,
        before: recordedUpdate(current, story.slug),
        after: recordedUpdate(next, story.slug),
      })
      return next
    })
  }

  /** An update as its viewer may see it: drafts need a role, tombstones are 410. */
  async getUpdate(
    viewer: Actor | undefined,
    slug: string,
    id: string,
  ): Promise<{ story: Story; update: Update }> {
    const story = await storyBySlug(this.db.kysely, slug)
    const update = await new UpdateRepository(this.db.kysely).findById(story.id, id)
    if (!update || (update.status === 'draft' && !(viewer && can(viewer.role, 'draft.read')))) {
      throw new AppError('UPDATE_NOT_FOUND', `No update "${id}" in the story "${slug}"`)
    }
    if (update.status === 'deleted')
      throw new AppError('UPDATE_DELETED', undefined, { id, deleted_at: update.deletedAt })
    return { story, update }
  }

  /** Newest first by cursor. Drafts (or all statuses) need a role. */
  async listUpdates(
    viewer: Actor | undefined,
    slug: string,
    options: {
      status: UpdateStatus | 'all'
      limit: number
      cursor?: UpdateCursor
      pinned?: boolean
    },
  ): Promise<{ story: Story } & UpdatePage> {
    if (options.status !== 'published' && !(viewer && can(viewer.role, 'draft.read'))) {
      throw new AppError(
        viewer ? 'AUTH_FORBIDDEN' : 'AUTH_REQUIRED',
        'Listing drafts needs a token',
      )
    }
    const story = await storyBySlug(this.db.kysely, slug)
    const statuses: UpdateStatus[] =
      options.status === 'all' ? ['draft', 'published'] : [options.status]
    const page = await new UpdateRepository(this.db.kysely).listPage(
      story.id,
      statuses,
      options.limit,
      options.cursor,
      {
        pinned: options.pinned,
      },
    )
    return { story, ...page }
  }

  /** Every revision; readers see only the revisions of what was public. */
  async listRevisions(
    viewer: Actor | undefined,
    slug: string,
    id: string,
  ): Promise<UpdateRevision[]> {
    const privileged = viewer !== undefined && can(viewer.role, 'draft.read')
    const story = await storyBySlug(this.db.kysely, slug)
    const updates = new UpdateRepository(this.db.kysely)
    const update = await updates.findById(story.id, id)
    if (!update || (update.status === 'draft' && !privileged))
      throw new AppError('UPDATE_NOT_FOUND', `No update "${id}" in the story "${slug}"`)
    // The newsroom keeps the history of deleted updates; readers only learn that they are gone.
    if (update.status === 'deleted' && !privileged)
      throw new AppError('UPDATE_DELETED', undefined, { id, deleted_at: update.deletedAt })
    const revisions = await updates.listRevisions(update.id)
    return privileged ? revisions : revisions.filter((r) => r.snapshot.status === 'published')
  }

  /** Appends the story event in the action's transaction; it goes out once the action commits. */
  private async emit(
    action: Action,
    story: Story,
    type: StoryEvent['type'],
    update: Update,
  ): Promise<void> {
    action.emit(
      await appendEvent(
        action.trx,
        story,
        type,
        () => ({ update: publicUpdate(update, story.slug) }),
        action.at,
      ),
    )
  }
}

async function getLiveUpdate(
  updates: UpdateRepository,
  storyId: string,
  id: string,
): Promise<Update> {
  const update = await updates.findById(storyId, id)
  if (!update) throw new AppError('UPDATE_NOT_FOUND', `No update "${id}" in this story`)
  if (update.status === 'deleted')
    throw new AppError('UPDATE_DELETED', undefined, { id, deleted_at: update.deletedAt })
  return update
}

/** A 412 that carries the current version, so the client can show both and merge. */
function conflict(current: Update, slug: string): AppError {
  return new AppError('UPDATE_VERSION_CONFLICT', undefined, {
    current_version: current.version,
    current: publicUpdate(current, slug),
  })
}

/**
 * Whether `actor` may change or discard this draft: a role that may `beyond` others' work, or a
 * contributor who made it — decided by token or user id, never by name or byline. A draft
 * without an owner (made by a feed, the CLI, or before owners were kept) is an editor's.
 */
function mayChangeDraft(
  actor: Actor,
  draft: Update,
  beyond: 'update.editPublished' | 'update.delete',
): boolean {
  if (can(actor.role, beyond)) return true
  if (!can(actor.role, 'update.draft')) return false
  const owner = ownerOf(actor)
  return owner !== undefined && draft.createdBy === owner
}
