/** @module services/claim — the claims ledger: claims, attributions, verdicts and merges; the only writer of claims. */
import {
  AS_RECORDED,
  firstRevision,
  forbiddenClaimMerge,
  type Attribution,
  type Claim,
  type ClaimStatus,
  type Source,
  type SourceKind,
  type Stance,
} from '../core/claim.js'
import { publicAttribution, publicClaim, type ClaimView } from '../core/claim-shape.js'
import type { Actor } from '../core/role.js'
import type { Story } from '../core/story.js'
import type { StoryEvent } from '../core/story-event.js'
import { checkVersion } from '../core/version.js'
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { ClaimRepository } from '../storage/repositories/claim.repository.js'
import { SourceRepository } from '../storage/repositories/source.repository.js'
import { UpdateRepository } from '../storage/repositories/update.repository.js'
import {
  claimConflict,
  emitClaimEvent,
  getClaimView,
  loadClaimView,
  reviseClaim,
} from './claim-events.js'
import { newId } from './ids.js'
import { statedTimes, type StatedTimes } from './stated-time.js'
import type { Actions, ActionContext } from './action.js'
import { insertSource, liveSource } from './source.service.js'
import { assertCan, storyBySlug } from './story.service.js'

export interface NewClaim {
  proposition: string
  subjects?: string[]
}

/** Who said it: an existing source by id, or by name (created when no source has that name or alias). */
export type SourceRef =
  | { id: string }
  | {
      name: string
      kind?: SourceKind
      affiliation?: string | null
      description?: string
    }

export interface NewAttribution {
  source: SourceRef
  stance: Stance
  quote?: string
  /** When it was said: one moment, or a span when only that is known (`stated-time.ts`). */
  statedAt?: string
  statedFrom?: string
  statedTo?: string
  updateId?: string
  evidenceUrl?: string
}

export interface ClaimChanges {
  status?: ClaimStatus
  note?: string
  proposition?: string
  subjects?: string[]
}

const MAX_MERGE_HOPS = 20

/** A statement nobody dated: ordered by when it was recorded. */
const NOT_DATED: StatedTimes = { statedAt: null, statedFrom: null, statedTo: null }

export class ClaimService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  /** A new claim in a story, unverified until an editor says otherwise; one `claim.created` event. */
  async createClaim(ctx: ActionContext, slug: string, input: NewClaim): Promise<ClaimView> {
    assertCan(ctx.actor, 'claim.write')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const story = await storyBySlug(trx, slug)
      const claim = await insertClaim(trx, actor, story, input, at)
      const view = await getClaimView(trx, claim.id)
      action.emit(...(await emitClaimEvent(trx, view, 'claim.created', at)))
      await action.audit({
        action: 'claim.create',
        targetType: 'claim',
        targetId: claim.id,
        storySlug: story.slug,
        after: publicClaim(view),
      })
      return view
    })
  }

  /**
   * Several statements at once, into a new claim in the story or an existing one, as one action.
   * The inbox calls it with its running action, so the suggestion's decision commits with the
   * claim (a suggestion becomes a claim exactly once). A new claim gets one `claim.created` event
   * holding its statements; an existing one an `attribution.added` per statement.
   */
  async recordStatements(
    ctx: ActionContext,
    slug: string,
    target: { claim: NewClaim } | { claimId: string },
    statements: NewAttribution[],
  ): Promise<ClaimView> {
    assertCan(ctx.actor, 'claim.write')
    return this.actions.run(
      ctx,
      async (action) => {
        const { trx, actor, at } = action
        const story = await storyBySlug(trx, slug)
        let before: ClaimView | undefined
        let claimId: string
        if ('claim' in target) claimId = (await insertClaim(trx, actor, story, target.claim, at)).id
        else {
          before = await claimInStory(trx, target.claimId, story)
          claimId = before.claim.id
        }
        for (const input of statements) {
          const stated = statedTimes(input, action.now) ?? NOT_DATED
          const added = await insertAttribution(trx, actor, claimId, input, at, stated)
          if (before) action.emit(...(await emitAdded(trx, added, at)))
        }
        const view = await getClaimView(trx, claimId)
        if (!before) action.emit(...(await emitClaimEvent(trx, view, 'claim.created', at)))
        await action.audit({
          action: before ? 'attribution.add' : 'claim.create',
          targetType: 'claim',
          targetId: claimId,
          storySlug: story.slug,
          before: before ? publicClaim(before) : null,
          after: publicClaim(view),
        })
        return view
      },
      // Two statements naming the same new source at once: the second run finds the source.
      { retryOnUniqueViolation: true },
    )
  }

  /**
   * Makes an existing claim appear in another story too (a situation covered over several daily
   * stories). The new story gets `claim.created`; the stories it was already in get `claim.updated`.
   */
  async linkClaim(
    ctx: ActionContext,
    slug: string,
    id: string,
  ): Promise<{ view: ClaimView; linked: boolean }> {
    assertCan(ctx.actor, 'claim.write')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const story = await storyBySlug(trx, slug)
      const current = await liveClaim(trx, id)
      const claims = new ClaimRepository(trx)
      const before = await claims.listStories(id)
      if (before.some((s) => s.storyId === story.id))
        return { view: await getClaimView(trx, id), linked: false }
      const previous = await getClaimView(trx, id)
      await claims.linkStory(id, story.id, at)
      const view = await reviseClaim(trx, current, {
        change: 'linked',
        actor,
        at,
        detail: { story: story.slug },
      })
      // The story that newly shows the claim never saw it: for its readers it is created.
      const events = await emitClaimEvent(
        trx,
        view,
        (storyId) =>
          before.some((s) => s.storyId === storyId) ? 'claim.updated' : 'claim.created',
        at,
      )
      action.emit(...events)
      await action.audit({
        action: 'claim.link',
        targetType: 'claim',
        targetId: id,
        storySlug: story.slug,
        before: publicClaim(previous),
        after: publicClaim(view),
      })
      return { view, linked: true }
    })
  }

  /** A claim with its statements and history; merged-away claims say where they went. */
  async getClaim(id: string): Promise<ClaimView> {
    return getClaimView(this.db.kysely, id)
  }

  /** A claim as seen from a story: 404 unless the claim appears in it. */
  async getClaimInStory(slug: string, id: string): Promise<{ story: Story; view: ClaimView }> {
    const story = await storyBySlug(this.db.kysely, slug)
    const view = await loadClaimView(this.db.kysely, id)
    if (!view || !view.stories.includes(story.slug))
      throw new AppError('CLAIM_NOT_FOUND', `No claim "${id}" in the story "${slug}"`)
    return { story, view }
  }

  /** Every live claim in a story, oldest first, with statements and history. */
  async listClaims(slug: string): Promise<{ story: Story; views: ClaimView[] }> {
    const story = await storyBySlug(this.db.kysely, slug)
    // One snapshot, so a ledger export is consistent while the story is live.
    const views = await this.db.transaction(async (trx) => {
      const views: ClaimView[] = []
      for (const claim of await new ClaimRepository(trx).listByStory(story.id))
        views.push(await getClaimView(trx, claim.id))
      return views
    })
    return { story, views }
  }

  /** Records what a source said; the claim gets a new version and each story an `attribution.added` event. */
  async addAttribution(
    ctx: ActionContext,
    claimId: string,
    input: NewAttribution,
  ): Promise<{ view: ClaimView; attribution: Attribution }> {
    assertCan(ctx.actor, 'claim.write')
    return this.actions.run(
      ctx,
      async (action) => {
        const { trx, actor, at } = action
        const stated = statedTimes(input, action.now) ?? NOT_DATED
        const added = await insertAttribution(trx, actor, claimId, input, at, stated)
        action.emit(...(await emitAdded(trx, added, at)))
        const { view, attribution } = added
        const stories = await new ClaimRepository(trx).listStories(claimId)
        await action.audit({
          action: 'attribution.add',
          targetType: 'attribution',
          targetId: attribution.id,
          storySlug: stories[0]?.slug ?? null,
          after: publicAttribution(attribution, view.sources.get(attribution.sourceId)),
        })
        return added
      },
      // Two statements naming the same new source at once: one creates it, the other's
      // transaction fails on the name and runs again, this time finding the source.
      { retryOnUniqueViolation: true },
    )
  }

  /**
   * Gives a verdict (status with a note saying why) or corrects the wording, under If-Match.
   * Changing the status needs a note; the previous verdict stays in the history.
   */
  async editClaim(
    ctx: ActionContext,
    id: string,
    expectedVersion: number | undefined,
    changes: ClaimChanges,
  ): Promise<ClaimView> {
    const judging = changes.status !== undefined || changes.note !== undefined
    assertCan(ctx.actor, judging ? 'claim.verdict' : 'claim.write')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      await new ClaimRepository(trx).lock(id)
      const current = await getClaimView(trx, id)
      const check = checkVersion(expectedVersion, current.claim.version)
      if (check === 'missing')
        throw new AppError('PRECONDITION_REQUIRED', undefined, {
          current_version: current.claim.version,
        })
      if (check === 'stale') throw claimConflict(current)
      if (current.claim.mergedInto) throw merged(current.claim)
      const claim = current.claim
      const statusChanged = changes.status !== undefined && changes.status !== claim.status
      const note = changes.note?.trim()
      if (statusChanged && !note)
        throw new AppError(
          'REQUEST_VALIDATION_FAILED',
          'body.note is required to change the status: say why',
          {
            part: 'body',
            field: 'note',
          },
        )
      const proposition = changes.proposition === undefined ? undefined : clean(changes.proposition)
      const subjects = changes.subjects === undefined ? undefined : dedupe(changes.subjects)
      const verdictChanged = statusChanged || (note !== undefined && note !== claim.note)
      const wordingChanged =
        (proposition !== undefined && proposition !== claim.proposition) ||
        (subjects !== undefined && JSON.stringify(subjects) !== JSON.stringify(claim.subjects))
      // Nothing differs: no new version, no event, no audit row.
      if (!verdictChanged && !wordingChanged) return current
      const view = await reviseClaim(trx, claim, {
        change: verdictChanged ? 'status' : 'proposition',
        actor,
        at,
        detail: statusChanged ? { from: claim.status } : undefined,
        next: {
          ...(proposition === undefined ? {} : { proposition }),
          ...(subjects === undefined ? {} : { subjects }),
          ...(verdictChanged
            ? {
                status: changes.status ?? claim.status,
                note: note ?? claim.note,
                verdictAt: at,
                verdictBy: actor.name,
              }
            : {}),
        },
      })
      action.emit(...(await emitClaimEvent(trx, view, 'claim.updated', at)))
      await action.audit({
        action: statusChanged ? 'claim.verdict' : 'claim.edit',
        targetType: 'claim',
        targetId: claim.id,
        storySlug: view.stories[0] ?? null,
        before: publicClaim(current),
        after: publicClaim(view),
      })
      return view
    })
  }

  /**
   * Merges a duplicate claim into another: its statements and stories move over, and the
   * duplicate keeps its history with a pointer to the survivor. The audit row names the
   * duplicate: before is it as it was, after is the survivor holding its statements.
   */
  async mergeClaim(
    ctx: ActionContext,
    id: string,
    intoId: string,
    note?: string,
  ): Promise<ClaimView> {
    assertCan(ctx.actor, 'claim.merge')
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      // Always in the same order, so two merges of the same pair cannot deadlock.
      for (const claimId of [id, intoId].sort()) await new ClaimRepository(trx).lock(claimId)
      const from = await getClaimView(trx, id)
      const into = await getClaimView(trx, intoId)
      const reason = forbiddenClaimMerge(from.claim, into.claim)
      if (reason) throw new AppError('CLAIM_MERGE_INVALID', reason, { id, into: intoId })
      const claims = new ClaimRepository(trx)
      const moved = await claims.moveAttributions(from.claim.id, into.claim.id)
      const intoStories = await claims.listStories(into.claim.id)
      for (const story of await claims.listStories(from.claim.id))
        if (!intoStories.some((s) => s.storyId === story.storyId))
          await claims.linkStory(into.claim.id, story.storyId, at)
      const gone = await reviseClaim(trx, from.claim, {
        change: 'merged_into',
        actor,
        at,
        detail: { into: into.claim.id, ...(note ? { note } : {}) },
        next: { mergedInto: into.claim.id },
      })
      const survivor = await reviseClaim(trx, into.claim, {
        change: 'merged',
        actor,
        at,
        detail: { from: from.claim.id, attributions: moved.join(','), ...(note ? { note } : {}) },
      })
      action.emit(
        ...(await emitClaimEvent(trx, gone, 'claim.updated', at)),
        ...(await emitClaimEvent(trx, survivor, 'claim.updated', at)),
      )
      await action.audit({
        action: 'claim.merge',
        targetType: 'claim',
        targetId: from.claim.id,
        storySlug: from.stories[0] ?? null,
        before: publicClaim(from),
        after: publicClaim(survivor),
      })
      return survivor
    })
  }

  /** The live claim a merged-away id now stands for (for redirects). */
  async resolveClaim(id: string): Promise<ClaimView> {
    let view = await getClaimView(this.db.kysely, id)
    for (let hop = 0; view.claim.mergedInto && hop < MAX_MERGE_HOPS; hop++)
      view = await getClaimView(this.db.kysely, view.claim.mergedInto)
    return view
  }
}

/** The claim as it stands, refusing one the story does not show. */
async function claimInStory(trx: Executor, claimId: string, story: Story): Promise<ClaimView> {
  const stories = await new ClaimRepository(trx).listStories(claimId)
  if (!stories.some((s) => s.storyId === story.id))
    throw new AppError('CLAIM_NOT_FOUND', `No claim "${claimId}" in the story "${story.slug}"`)
  return getClaimView(trx, claimId)
}

/** Each story's `attribution.added` event for one recorded statement. */
const emitAdded = (
  trx: Executor,
  added: { view: ClaimView; attribution: Attribution },
  at: string,
): Promise<StoryEvent[]> =>
  emitClaimEvent(trx, added.view, 'attribution.added', at, added.attribution)

/** Inserts a new unverified claim shown in `story`, with its first revision. */
async function insertClaim(
  trx: Executor,
  actor: Actor,
  story: Story,
  input: NewClaim,
  now: string,
): Promise<Claim> {
  const claim: Claim = {
    id: newId(),
    proposition: clean(input.proposition),
    subjects: dedupe(input.subjects ?? []),
    status: 'unverified',
    note: '',
    version: 1,
    mergedInto: null,
    createdBy: actor.name,
    createdAt: now,
    updatedAt: now,
    verdictAt: null,
    verdictBy: null,
  }
  const claims = new ClaimRepository(trx)
  await claims.insert(claim)
  await claims.linkStory(claim.id, story.id, now)
  await claims.insertRevision(claim.id, {
    version: 1,
    change: 'created',
    proposition: claim.proposition,
    status: claim.status,
    suggestedStatus: 'unverified',
    note: '',
    detail: { story: story.slug },
    actor: actor.name,
    createdAt: now,
  })
  return claim
}

/** Records one statement on a live claim and revises the claim; the caller emits the event. */
async function insertAttribution(
  trx: Executor,
  actor: Actor,
  claimId: string,
  input: NewAttribution,
  at: string,
  stated: StatedTimes,
): Promise<{ view: ClaimView; attribution: Attribution }> {
  const current = await liveClaim(trx, claimId)
  const claims = new ClaimRepository(trx)
  if (input.updateId !== undefined) await checkCitedUpdate(trx, claimId, input.updateId)
  const source = await resolveSource(trx, actor, input.source, at)
  const attribution: Attribution = {
    id: newId(),
    claimId,
    sourceId: source.id,
    stance: input.stance,
    quote: input.quote?.trim() ?? '',
    updateId: input.updateId ?? null,
    evidenceUrl: input.evidenceUrl ?? null,
    recordedBy: actor.name,
    recordedAt: at,
    ...AS_RECORDED,
    ...stated,
  }
  await claims.insertAttribution(attribution)
  await claims.insertAttributionRevision(firstRevision(attribution))
  const view = await reviseClaim(trx, current, {
    change: 'attribution',
    actor,
    at,
    detail: { attribution: attribution.id, source: source.id, stance: attribution.stance },
  })
  return { view, attribution }
}

/** Refuses to cite an update that is not a published update of a story the claim appears in. */
export async function checkCitedUpdate(
  trx: Executor,
  claimId: string,
  updateId: string,
): Promise<void> {
  const stories = await new ClaimRepository(trx).listStories(claimId)
  const update = await new UpdateRepository(trx).findAnyById(updateId)
  if (!update || !stories.some((s) => s.storyId === update.storyId))
    throw new AppError(
      'ATTRIBUTION_UPDATE_INVALID',
      `The update "${updateId}" is not in a story this claim appears in (${stories.map((s) => s.slug).join(', ')})`,
      { field: 'update_id' },
    )
  if (update.status !== 'published')
    throw new AppError(
      'ATTRIBUTION_UPDATE_INVALID',
      `The update "${updateId}" is ${update.status === 'draft' ? 'a draft' : 'deleted'}; only published updates can be cited`,
      { field: 'update_id' },
    )
}

/** The source a statement names: a live one by id, or found by name or alias, else created. */
export async function resolveSource(
  trx: Executor,
  actor: Actor,
  ref: SourceRef,
  at: string,
): Promise<Source> {
  const sources = new SourceRepository(trx)
  if ('id' in ref) return liveSource(sources, ref.id)
  return (await sources.findByName(ref.name)) ?? (await insertSource(trx, actor, ref, at))
}

/** The claim, locked for this transaction, refusing writes to one merged into another. */
export async function liveClaim(db: Executor, id: string): Promise<Claim> {
  const claim = await new ClaimRepository(db).lock(id)
  if (!claim) throw new AppError('CLAIM_NOT_FOUND', `No claim with the id "${id}"`)
  if (claim.mergedInto) throw merged(claim)
  return claim
}

const merged = (claim: Claim): AppError =>
  new AppError('CLAIM_MERGED', undefined, { merged_into: claim.mergedInto })

const clean = (text: string): string => text.trim().replace(/\s+/g, ' ')

function dedupe(names: string[]): string[] {
  const seen = new Set<string>()
  return names
    .map(clean)
    .filter((n) => n && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()))
}
