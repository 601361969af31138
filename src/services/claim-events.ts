/** @module services/claim-events — versions, history rows and story events of claims, inside the caller's transaction. */
import {
  chronological,
  isCounted,
  type Attribution,
  type Claim,
  type ClaimChange,
} from '../core/claim.js'
import {
  publicAttribution,
  publicClaim,
  publicClaimSummary,
  type ClaimView,
} from '../core/claim-shape.js'
import { suggestStatus } from '../core/claim-suggestion.js'
import type { Actor } from '../core/role.js'
import type { StoryEvent } from '../core/story-event.js'
import { AppError } from '../errors.js'
import type { Executor } from '../storage/db.js'
import { ClaimRepository } from '../storage/repositories/claim.repository.js'
import { SourceRepository } from '../storage/repositories/source.repository.js'
import { appendEvent } from './event-writer.js'

/** A claim with its stories, statements, sources and history, read in one executor. */
export async function loadClaimView(db: Executor, id: string): Promise<ClaimView | undefined> {
  const claims = new ClaimRepository(db)
  const claim = await claims.findById(id)
  if (!claim) return undefined
  const attributions = await claims.listAttributions(id)
  const sources = await new SourceRepository(db).listByIds(attributions.map((a) => a.sourceId))
  return {
    claim,
    stories: (await claims.listStories(id)).map((s) => s.slug),
    attributions,
    sources: new Map(sources.map((s) => [s.id, s])),
    revisions: await claims.listRevisions(id),
  }
}

export async function getClaimView(db: Executor, id: string): Promise<ClaimView> {
  const view = await loadClaimView(db, id)
  if (!view) throw new AppError('CLAIM_NOT_FOUND', `No claim with the id "${id}"`)
  return view
}

/**
 * Writes the next version of a claim (its fields changed by `next`, or only its version when a
 * statement or source changed) and the history row saying who did what and why. The suggested
 * status is recorded as it stands after the change.
 */
export async function reviseClaim(
  trx: Executor,
  current: Claim,
  options: {
    change: ClaimChange
    actor: Actor
    at: string
    detail?: Record<string, string>
    next?: Partial<Claim>
  },
): Promise<ClaimView> {
  const claims = new ClaimRepository(trx)
  const next: Claim = {
    ...current,
    ...options.next,
    version: current.version + 1,
    updatedAt: options.at,
  }
  if (!(await claims.updateIfVersion(next, current.version))) {
    const latest = await getClaimView(trx, current.id)
    throw claimConflict(latest)
  }
  const view = await getClaimView(trx, current.id)
  await claims.insertRevision(current.id, {
    version: next.version,
    change: options.change,
    proposition: next.proposition,
    status: next.status,
    suggestedStatus: suggestStatus(view.attributions, view.sources).status,
    note: next.note,
    detail: options.detail ?? null,
    actor: options.actor.name,
    createdAt: options.at,
  })
  return getClaimView(trx, current.id)
}

type ClaimEventType =
  | 'claim.created'
  | 'claim.updated'
  | 'attribution.added'
  | 'attribution.corrected'
  | 'attribution.withdrawn'

/** One event per story the claim appears in, each numbered in its own story's sequence. */
export async function emitClaimEvent(
  trx: Executor,
  view: ClaimView,
  type: ClaimEventType | ((storyId: string) => ClaimEventType),
  at: string,
  attribution?: Attribution,
): Promise<StoryEvent[]> {
  const claims = new ClaimRepository(trx)
  const events: StoryEvent[] = []
  const summary = publicClaimSummary(view)
  // Stories are locked (by their event counter) in id order, so two writers never deadlock.
  const stories = (await claims.listStories(view.claim.id)).sort((a, b) =>
    a.storyId < b.storyId ? -1 : 1,
  )
  for (const story of stories) {
    const storyType = typeof type === 'function' ? type(story.storyId) : type
    events.push(
      await appendEvent(
        trx,
        { id: story.storyId, slug: story.slug },
        storyType,
        () => ({
          claim: summary,
          ...(attribution
            ? {
                attribution: publicAttribution(attribution, view.sources.get(attribution.sourceId)),
              }
            : {}),
          // Every statement event carries the statements that count, so a reader's card is rebuilt
          // as the server renders it (a withdrawal can move a source back to what it said before).
          ...(storyType.startsWith('attribution.') ? { statements: countedStatements(view) } : {}),
        }),
        at,
      ),
    )
  }
  return events
}

/** The statements that count (withdrawn ones aside), oldest first, as readers see them. */
const countedStatements = (view: ClaimView) =>
  chronological(view.attributions.filter(isCounted)).map((a) =>
    publicAttribution(a, view.sources.get(a.sourceId)),
  )

/** A 412 carrying the claim as it is now, so the editor sees what changed before judging again. */
export function claimConflict(current: ClaimView): AppError {
  return new AppError('CLAIM_VERSION_CONFLICT', undefined, {
    current_version: current.claim.version,
    current: publicClaim(current),
  })
}
