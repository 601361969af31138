/** @module services/attribution — the life of one statement after it is recorded: read, corrected with a reason, withdrawn; every version kept. */
import type {
  Attribution,
  AttributionChange,
  AttributionContent,
  AttributionRevision,
  Source,
  Stance,
} from '../core/claim.js'
import { publicAttribution, type ClaimView } from '../core/claim-shape.js'
import { checkVersion } from '../core/version.js'
import { AppError } from '../errors.js'
import type { Db, Executor } from '../storage/db.js'
import { ClaimRepository } from '../storage/repositories/claim.repository.js'
import { SourceRepository } from '../storage/repositories/source.repository.js'
import { checkCitedUpdate, liveClaim, resolveSource, type SourceRef } from './claim.service.js'
import { emitClaimEvent, getClaimView, reviseClaim } from './claim-events.js'
import type { Action, Actions, ActionContext } from './action.js'
import { statedTimes, type StatedTimeInput } from './stated-time.js'
import { assertCan } from './story.service.js'

/** What a correction may change; absent fields stay as they are, null clears an optional one. */
export interface AttributionCorrection extends StatedTimeInput {
  stance?: Stance
  quote?: string
  source?: SourceRef
  updateId?: string | null
  evidenceUrl?: string | null
  /** Why it is corrected: required, shown to readers. */
  reason: string
}

/** A statement with its source and the claim it is about, as it stands after a change. */
export interface AttributionResult {
  attribution: Attribution
  view: ClaimView
}

/** A version of a statement with the source it named then. */
export interface AttributionVersion {
  revision: AttributionRevision
  source: Source | undefined
}

const MAX_REASON = 2000

export class AttributionService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  /** One statement with the claim it is about. */
  async getAttribution(id: string): Promise<AttributionResult> {
    return this.db.transaction(async (trx) => {
      const attribution = await findOrThrow(trx, id)
      return { attribution, view: await getClaimView(trx, attribution.claimId) }
    })
  }

  /** Every version of a statement, oldest first, each with the source it named then. */
  async listRevisions(id: string): Promise<AttributionVersion[]> {
    return this.db.transaction(async (trx) => {
      await findOrThrow(trx, id)
      const revisions = await new ClaimRepository(trx).listAttributionRevisions(id)
      const sources = await new SourceRepository(trx).listByIds([
        ...new Set(revisions.map((r) => r.sourceId)),
      ])
      const byId = new Map(sources.map((s) => [s.id, s]))
      return revisions.map((revision) => ({ revision, source: byId.get(revision.sourceId) }))
    })
  }

  /**
   * Corrects a mistake in how a statement was recorded, under If-Match and with a reason. The
   * statement gets a new version (the old ones stay listable), the claim a new version whose
   * history says why, and each of the claim's stories an `attribution.corrected` event.
   */
  async correctAttribution(
    ctx: ActionContext,
    id: string,
    expectedVersion: number | undefined,
    correction: AttributionCorrection,
  ): Promise<AttributionResult> {
    assertCan(ctx.actor, 'claim.write')
    const reason = requireReason(correction.reason)
    return this.actions.run(
      ctx,
      async (action) => {
        const { trx, actor, at } = action
        const { current, claim } = await lockForChange(trx, id, expectedVersion)
        if (current.withdrawnAt) throw withdrawn(current)
        const stated = statedTimes(correction, action.now)
        const content: AttributionContent = {
          sourceId:
            correction.source === undefined
              ? current.sourceId
              : (await resolveSource(trx, actor, correction.source, at)).id,
          stance: correction.stance ?? current.stance,
          quote: correction.quote === undefined ? current.quote : correction.quote.trim(),
          statedAt: stated ? stated.statedAt : current.statedAt,
          statedFrom: stated ? stated.statedFrom : current.statedFrom,
          statedTo: stated ? stated.statedTo : current.statedTo,
          updateId: correction.updateId === undefined ? current.updateId : correction.updateId,
          evidenceUrl:
            correction.evidenceUrl === undefined ? current.evidenceUrl : correction.evidenceUrl,
        }
        const changed = changedFields(current, content)
        // Nothing differs: no new version, no event, no audit row, the statement as it is.
        if (changed.length === 0)
          return { attribution: current, view: await getClaimView(trx, current.claimId) }
        if (content.updateId !== null && content.updateId !== current.updateId)
          await checkCitedUpdate(trx, current.claimId, content.updateId)
        const next: Attribution = {
          ...current,
          ...content,
          version: current.version + 1,
          correctedAt: at,
          correctionReason: reason,
        }
        return this.write(action, {
          current,
          next,
          claim,
          change: 'corrected',
          reason,
          detail: { fields: changed.join(',') },
        })
      },
      // A correction naming a new source may race another statement creating it.
      { retryOnUniqueViolation: true },
    )
  }

  /**
   * Withdraws a statement recorded by mistake. It stays in the ledger, struck through with the
   * reason, but counts for nothing; withdrawing it again is a 409. If-Match is checked when sent.
   */
  async withdrawAttribution(
    ctx: ActionContext,
    id: string,
    expectedVersion: number | undefined,
    reasonText: string,
  ): Promise<AttributionResult> {
    assertCan(ctx.actor, 'claim.write')
    const reason = requireReason(reasonText)
    return this.actions.run(ctx, async (action) => {
      const { current, claim } = await lockForChange(action.trx, id, expectedVersion ?? 'any')
      if (current.withdrawnAt) throw withdrawn(current)
      const next: Attribution = {
        ...current,
        version: current.version + 1,
        withdrawnAt: action.at,
        withdrawnBy: action.actor.name,
        withdrawnReason: reason,
      }
      return this.write(action, { current, next, claim, change: 'withdrawn', reason })
    })
  }

  /** Stores the new version, its revision, the claim's revision, the audit row and the events. */
  private async write(
    action: Action,
    change: {
      current: Attribution
      next: Attribution
      claim: Awaited<ReturnType<typeof liveClaim>>
      change: Exclude<AttributionChange, 'recorded'>
      reason: string
      detail?: Record<string, string>
    },
  ): Promise<AttributionResult> {
    const { trx, actor, at } = action
    const { current, next, reason } = change
    const claims = new ClaimRepository(trx)
    if (!(await claims.updateAttributionIfVersion(next, current.version)))
      throw conflict(await findOrThrow(trx, current.id))
    await claims.insertAttributionRevision({
      attributionId: next.id,
      version: next.version,
      change: change.change,
      sourceId: next.sourceId,
      stance: next.stance,
      quote: next.quote,
      statedAt: next.statedAt,
      statedFrom: next.statedFrom,
      statedTo: next.statedTo,
      updateId: next.updateId,
      evidenceUrl: next.evidenceUrl,
      reason,
      actor: actor.name,
      createdAt: at,
    })
    const view = await reviseClaim(trx, change.claim, {
      change: change.change === 'corrected' ? 'attribution_corrected' : 'attribution_withdrawn',
      actor,
      at,
      detail: {
        attribution: next.id,
        version: String(next.version),
        reason,
        ...change.detail,
      },
    })
    const sourceBefore =
      view.sources.get(current.sourceId) ??
      (await new SourceRepository(trx).findById(current.sourceId))
    const stories = await claims.listStories(view.claim.id)
    await action.audit({
      action: change.change === 'corrected' ? 'attribution.correct' : 'attribution.withdraw',
      targetType: 'attribution',
      targetId: next.id,
      storySlug: stories[0]?.slug ?? null,
      before: publicAttribution(current, sourceBefore),
      after: publicAttribution(next, view.sources.get(next.sourceId)),
    })
    action.emit(
      ...(await emitClaimEvent(
        trx,
        view,
        change.change === 'corrected' ? 'attribution.corrected' : 'attribution.withdrawn',
        at,
        next,
      )),
    )
    return { attribution: next, view }
  }
}

async function findOrThrow(db: Executor, id: string): Promise<Attribution> {
  const attribution = await new ClaimRepository(db).findAttribution(id)
  if (!attribution) throw new AppError('ATTRIBUTION_NOT_FOUND', `No statement with the id "${id}"`)
  return attribution
}

/**
 * Locks the statement's claim (every change to a claim's statements queues behind it), then
 * checks the statement's version: a missing If-Match is 428, a stale one 412.
 */
async function lockForChange(
  trx: Executor,
  id: string,
  expectedVersion: number | undefined | 'any',
): Promise<{ current: Attribution; claim: Awaited<ReturnType<typeof liveClaim>> }> {
  const found = await findOrThrow(trx, id)
  const claim = await liveClaim(trx, found.claimId)
  // Re-read under the lock: a merge may have moved it, a concurrent change may have bumped it.
  const current = await findOrThrow(trx, id)
  if (current.claimId !== claim.id) throw conflict(current)
  if (expectedVersion !== 'any') {
    const check = checkVersion(expectedVersion, current.version)
    if (check === 'missing')
      throw new AppError(
        'PRECONDITION_REQUIRED',
        `Send If-Match: "${current.version}" (the statement's current version) to change it`,
        { current_version: current.version },
      )
    if (check === 'stale') throw conflict(current)
  }
  return { current, claim }
}

function requireReason(text: string | undefined): string {
  const reason = text?.trim().replace(/\s+/g, ' ') ?? ''
  if (!reason)
    throw new AppError(
      'REQUEST_VALIDATION_FAILED',
      'body.reason is required: say why the statement is changed (readers see it)',
      { part: 'body', field: 'reason' },
    )
  if (reason.length > MAX_REASON)
    throw new AppError(
      'REQUEST_VALIDATION_FAILED',
      `body.reason is longer than ${MAX_REASON} characters`,
      { part: 'body', field: 'reason' },
    )
  return reason
}

const CONTENT_FIELDS: ReadonlyArray<[keyof AttributionContent, string]> = [
  ['sourceId', 'source'],
  ['stance', 'stance'],
  ['quote', 'quote'],
  ['statedAt', 'stated_at'],
  ['statedFrom', 'stated_from'],
  ['statedTo', 'stated_to'],
  ['updateId', 'update_id'],
  ['evidenceUrl', 'evidence_url'],
]

/** The API names of the fields a correction changes. */
const changedFields = (current: Attribution, next: AttributionContent): string[] =>
  CONTENT_FIELDS.filter(([key]) => current[key] !== next[key]).map(([, name]) => name)

/** A 412 carrying the statement as it is now, so the editor sees what changed. */
const conflict = (current: Attribution): AppError =>
  new AppError(
    'ATTRIBUTION_VERSION_CONFLICT',
    `The statement is at version ${current.version} now; read it again before changing it`,
    { current_version: current.version, withdrawn: current.withdrawnAt !== null },
  )

const withdrawn = (current: Attribution): AppError =>
  new AppError(
    'ATTRIBUTION_WITHDRAWN',
    `This statement was withdrawn at ${current.withdrawnAt} by ${current.withdrawnBy}: "${current.withdrawnReason}"`,
    { withdrawn_at: current.withdrawnAt, withdrawn_reason: current.withdrawnReason },
  )
