/** @module services/source — the directory of sources shared by every story: create, edit, search, merge. */
import {
  forbiddenSourceMerge,
  namesOf,
  type Claim,
  type Source,
  type SourceKind,
} from '../core/claim.js'
import { publicSource } from '../core/claim-shape.js'
import type { Actor } from '../core/role.js'
import type { StoryEvent } from '../core/story-event.js'
import { checkVersion } from '../core/version.js'
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { ClaimRepository } from '../storage/repositories/claim.repository.js'
import { SourceRepository, type SourceRevision } from '../storage/repositories/source.repository.js'
import { emitClaimEvent, reviseClaim } from './claim-events.js'
import { newId } from './ids.js'
import type { Actions, ActionContext } from './action.js'
import { assertCan } from './story.service.js'

export interface NewSource {
  name: string
  kind?: SourceKind
  affiliation?: string | null
  description?: string
  aliases?: string[]
}

export type SourceChanges = Partial<
  Pick<Source, 'name' | 'kind' | 'affiliation' | 'description' | 'aliases'>
>

/** Merges are at most this deep; following further means the data is broken, not the request. */
const MAX_MERGE_HOPS = 20

export class SourceService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  async createSource(ctx: ActionContext, input: NewSource): Promise<Source> {
    assertCan(ctx.actor, 'source.write')
    return this.actions.run(ctx, async (action) => {
      const source = await insertSource(action.trx, action.actor, input, action.at)
      await action.audit({
        action: 'source.create',
        targetType: 'source',
        targetId: source.id,
        after: publicSource(source),
      })
      return source
    })
  }

  async getSource(id: string): Promise<Source> {
    const source = await new SourceRepository(this.db.kysely).findById(id)
    if (!source) throw new AppError('SOURCE_NOT_FOUND', `No source with the id "${id}"`)
    return source
  }

  /** Live sources whose name or an alias contains the query; without one, every source A–Z. */
  searchSources(query: string | undefined, limit: number): Promise<Source[]> {
    const sources = new SourceRepository(this.db.kysely)
    return query?.trim() ? sources.search(query, limit) : sources.list(limit)
  }

  async listRevisions(id: string): Promise<SourceRevision[]> {
    await this.getSource(id)
    return new SourceRepository(this.db.kysely).listRevisions(id)
  }

  /**
   * Edits a source under If-Match. Its name is shown with every statement it made, so each claim
   * citing it gets a `claim.updated` event in each of its stories.
   */
  async editSource(
    ctx: ActionContext,
    id: string,
    expectedVersion: number | undefined,
    changes: SourceChanges,
  ): Promise<Source> {
    assertCan(ctx.actor, 'source.write')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const sources = new SourceRepository(trx)
      const current = await sources.findById(id)
      if (!current) throw new AppError('SOURCE_NOT_FOUND', `No source with the id "${id}"`)
      const check = checkVersion(expectedVersion, current.version)
      if (check === 'missing')
        throw new AppError('PRECONDITION_REQUIRED', undefined, { current_version: current.version })
      if (check === 'stale') throw conflict(current)
      if (current.mergedInto)
        throw new AppError(
          'SOURCE_MERGE_INVALID',
          'This source was merged; edit the one it was merged into',
          {
            merged_into: current.mergedInto,
          },
        )
      const next: Source = {
        ...current,
        ...definedOnly(changes),
      }
      next.name = next.name.trim()
      next.aliases = namesOf(next).slice(1)
      // Nothing differs: no new version, no event, no audit row.
      if (JSON.stringify(next) === JSON.stringify(current)) return current
      await assertNamesFree(sources, next)
      next.version = current.version + 1
      next.updatedAt = at
      if (!(await sources.updateIfVersion(next, current.version)))
        throw conflict((await sources.findById(id)) ?? current)
      await sources.insertRevision({
        version: next.version,
        snapshot: next,
        actor: actor.name,
        createdAt: at,
      })
      const affected = await new ClaimRepository(trx).listBySource(next.id)
      action.emit(...(await reviseClaims(trx, affected, actor, at, { source_edited: next.id })))
      await action.audit({
        action: 'source.edit',
        targetType: 'source',
        targetId: next.id,
        before: publicSource(current),
        after: publicSource(next),
      })
      return next
    })
  }

  /**
   * Merges a duplicate source into another: its statements, names and aliases move over; the
   * duplicate stays as a record pointing at the survivor. The audit row names the duplicate:
   * before is it as it was, after is the survivor that took its names.
   */
  async mergeSource(ctx: ActionContext, id: string, intoId: string): Promise<Source> {
    assertCan(ctx.actor, 'source.write')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const sources = new SourceRepository(trx)
      const from = await sources.findById(id)
      if (!from) throw new AppError('SOURCE_NOT_FOUND', `No source with the id "${id}"`)
      const into = await sources.findById(intoId)
      if (!into) throw new AppError('SOURCE_NOT_FOUND', `No source with the id "${intoId}"`)
      const reason = forbiddenSourceMerge(from, into)
      if (reason) throw new AppError('SOURCE_MERGE_INVALID', reason, { id, into: intoId })
      const gone: Source = {
        ...from,
        mergedInto: into.id,
        version: from.version + 1,
        updatedAt: at,
      }
      // The duplicate's names free up first, so the survivor can take them as aliases.
      if (!(await sources.updateIfVersion(gone, from.version))) throw conflict(from)
      await sources.insertRevision({
        version: gone.version,
        snapshot: gone,
        actor: actor.name,
        createdAt: at,
      })
      const survivor: Source = {
        ...into,
        aliases: namesOf({ name: into.name, aliases: [...into.aliases, ...namesOf(from)] }).slice(
          1,
        ),
        version: into.version + 1,
        updatedAt: at,
      }
      if (!(await sources.updateIfVersion(survivor, into.version))) throw conflict(into)
      await sources.insertRevision({
        version: survivor.version,
        snapshot: survivor,
        actor: actor.name,
        createdAt: at,
      })
      // Statements keep the source they were recorded with (original_source_id) for the record.
      const affected = await new ClaimRepository(trx).listBySource(from.id)
      await new ClaimRepository(trx).reassignSource(from.id, survivor.id)
      const detail = { source_merged: from.id, into: survivor.id }
      action.emit(...(await reviseClaims(trx, affected, actor, at, detail)))
      await action.audit({
        action: 'source.merge',
        targetType: 'source',
        targetId: from.id,
        before: publicSource(from),
        after: publicSource(survivor),
      })
      return survivor
    })
  }
}

/** Creates a source, refusing a name or alias another live source has. */
export async function insertSource(
  trx: Executor,
  actor: Actor,
  input: NewSource,
  now: string,
): Promise<Source> {
  const name = input.name.trim().replace(/\s+/g, ' ')
  const source: Source = {
    id: newId(),
    name,
    kind: input.kind ?? 'other',
    affiliation: input.affiliation?.trim() || null,
    description: input.description?.trim() ?? '',
    aliases: namesOf({ name, aliases: input.aliases ?? [] }).slice(1),
    version: 1,
    mergedInto: null,
    createdAt: now,
    updatedAt: now,
  }
  const sources = new SourceRepository(trx)
  await assertNamesFree(sources, source)
  await sources.insert(source)
  await sources.insertRevision({ version: 1, snapshot: source, actor: actor.name, createdAt: now })
  return source
}

/** Follows merges to the live source a stored id now stands for. */
export async function liveSource(sources: SourceRepository, id: string): Promise<Source> {
  let source = await sources.findById(id)
  for (let hop = 0; source?.mergedInto && hop < MAX_MERGE_HOPS; hop++)
    source = await sources.findById(source.mergedInto)
  if (!source || source.mergedInto)
    throw new AppError('SOURCE_NOT_FOUND', `No source with the id "${id}"`)
  return source
}

async function assertNamesFree(sources: SourceRepository, source: Source): Promise<void> {
  const taken = await sources.takenNames(source)
  if (taken.length > 0)
    throw new AppError('SOURCE_NAME_TAKEN', `Another source is already called "${taken[0]}"`, {
      names: taken,
    })
}

/**
 * A new version and a `claim.updated` event for each claim citing a changed source: its name,
 * side or statements changed what readers see and may change the suggested status.
 */
async function reviseClaims(
  trx: Executor,
  claims: Claim[],
  actor: Actor,
  at: string,
  detail: Record<string, string>,
): Promise<StoryEvent[]> {
  const events: StoryEvent[] = []
  // Every claim first, in id order, then their stories: the same order as every other writer.
  const repository = new ClaimRepository(trx)
  const locked: Claim[] = []
  for (const id of claims.map((c) => c.id).sort()) {
    const claim = await repository.lock(id)
    if (claim) locked.push(claim)
  }
  for (const claim of locked) {
    const view = await reviseClaim(trx, claim, { change: 'source', actor, at, detail })
    events.push(...(await emitClaimEvent(trx, view, 'claim.updated', at)))
  }
  return events
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined),
  ) as Partial<T>
}

function conflict(current: Source): AppError {
  return new AppError('SOURCE_VERSION_CONFLICT', undefined, {
    current_version: current.version,
    current: publicSource(current),
  })
}
