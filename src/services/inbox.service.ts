/** @module services/inbox — the desk inbox: review what an import made, accept, edit or reject each piece. */
import { STANCES, type Claim, type SourceKind, type Stance } from '../core/claim.js'
import { publicClaim, type ClaimView } from '../core/claim-shape.js'
import { publicUpdate } from '../core/public-shape.js'
import {
  statementTime,
  type ClaimSuggestion,
  type InboxDraft,
  type InboxEntry,
  type InboxState,
  type SuggestedStatement,
} from '../core/inbox.js'
import type { Actor } from '../core/role.js'
import type { Story } from '../core/story.js'
import type { Update } from '../core/update.js'
import { AppError } from '../errors.js'
import {
  findEntities,
  type EntityMention,
  type PlaceIndex,
} from '../ingest/entities/find-entities.js'
import { eventOf, jaccard, wordsOf } from '../ingest/extract/suggest-claims.js'
import type { Db } from '../storage/db.js'
import { ClaimRepository } from '../storage/repositories/claim.repository.js'
import {
  InboxRepository,
  type InboxEntrySummary,
} from '../storage/repositories/inbox.repository.js'
import { SourceRepository } from '../storage/repositories/source.repository.js'
import { UpdateRepository } from '../storage/repositories/update.repository.js'
import type { ClaimService, NewAttribution } from './claim.service.js'
import type { Action, Actions, ActionContext, Clock } from './action.js'
import { assertCan, storyBySlug } from './story.service.js'
import type { UpdateService } from './update.service.js'

/** A draft as the desk sees it: what the import made, what the update is now. */
export interface InboxDraftView extends InboxDraft {
  /** The update as it is now (edited, published or deleted since); undefined if it is gone. */
  update: Update | undefined
}

/** A claim already in the story that a suggestion may be about, so statements go there instead. */
export interface ClaimMatch {
  id: string
  proposition: string
  status: Claim['status']
}

export interface ClaimSuggestionView extends ClaimSuggestion {
  matches: ClaimMatch[]
}

export interface InboxEntryView {
  entry: InboxEntry
  drafts: InboxDraftView[]
  suggestions: ClaimSuggestionView[]
  /** Places, organisations, people and equipment named in the text, in reading order. */
  entities: EntityMention[]
}

/** Enough mentions to mark up a long wire file; beyond that the desk shows the first ones. */
const MAX_ENTITIES = 2_000

export interface DraftDecision {
  action: 'accept' | 'reject'
  /** Accepting publishes the draft too (editors); otherwise it stays a draft for review. */
  publish?: boolean
}

export interface SuggestionDecision {
  action: 'accept' | 'reject'
  /** The claim's wording, when the editor changed it. */
  proposition?: string
  subjects?: string[]
  /** Add the statements to this claim of the story instead of making a new one. */
  claimId?: string
  /**
   * The statements to record (by index, with the stance or source name corrected); all whose
   * source was resolved when left out.
   */
  statements?: Array<{
    index: number
    stance?: Stance
    sourceName?: string
    /** The kind a new source gets, as the editor chose it; else the extractor's guess. */
    sourceKind?: SourceKind
  }>
}

/** A draft or suggestion of the entry, or 404. */
function found<T>(item: T | undefined): T {
  if (!item) throw new AppError('INBOX_ITEM_NOT_FOUND')
  return item
}

/** A draft counts as decided once someone published or deleted it elsewhere (the review list). */
function effectiveState(draft: InboxDraft, update: Update | undefined): InboxState {
  if (draft.state !== 'pending') return draft.state
  if (!update || update.status === 'deleted') return 'rejected'
  if (update.status === 'published') return 'accepted'
  return 'pending'
}

/** Claims of the story the suggestion may be about: same places and event, or mostly the same words. */
export function matchingClaims(
  suggestion: ClaimSuggestion,
  claims: readonly Claim[],
): ClaimMatch[] {
  const subjects = new Set(suggestion.subjects.map((s) => s.toLowerCase()))
  const event = eventOf(suggestion.statements.map((s) => s.content.text).join(' '))
  const words = wordsOf(suggestion.proposition)
  return claims
    .filter((claim) => {
      const named =
        claim.subjects.some((s) => subjects.has(s.toLowerCase())) ||
        [...subjects].some((s) => claim.proposition.toLowerCase().includes(s))
      if (named && event !== undefined && eventOf(claim.proposition) === event) return true
      return jaccard(words, wordsOf(claim.proposition)) >= 0.5
    })
    .slice(0, 5)
    .map((c) => ({ id: c.id, proposition: c.proposition, status: c.status }))
}

const MAX_QUOTE = 2_000

export class InboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly actions: Actions,
    private readonly updates: UpdateService,
    private readonly claims: ClaimService,
    /** The gazetteer, loaded on first use (the import that filed the entry usually loaded it). */
    private readonly places: () => Promise<PlaceIndex> = async () =>
      (await import('../ingest/entities/place-index.js')).loadPlaceIndex(),
  ) {}

  /** The story's imported texts, newest first, with what still waits for a decision. */
  async listEntries(actor: Actor, slug: string): Promise<InboxEntrySummary[]> {
    const story = await this.story(actor, slug)
    return new InboxRepository(this.db.kysely).listEntries(story.id, 200)
  }

  /** One imported text with its drafts (as they are now) and suggested claims. */
  async getEntry(actor: Actor, slug: string, entryId: string): Promise<InboxEntryView> {
    const story = await this.story(actor, slug)
    const inbox = new InboxRepository(this.db.kysely)
    const entry = await this.entryOf(story, entryId)
    const updates = new UpdateRepository(this.db.kysely)
    const drafts: InboxDraftView[] = []
    for (const draft of await inbox.listDrafts(entry.id)) {
      const update = await updates.findAnyById(draft.updateId)
      drafts.push({ ...draft, state: effectiveState(draft, update), update })
    }
    const claims = await new ClaimRepository(this.db.kysely).listByStory(story.id)
    const suggestions = (await inbox.listSuggestions(entry.id)).map((s) => ({
      ...s,
      matches: s.state === 'pending' ? matchingClaims(s, claims) : [],
    }))
    const entities = findEntities(entry.text, await this.places()).slice(0, MAX_ENTITIES)
    return { entry, drafts, suggestions, entities }
  }

  /**
   * Accepts a draft (keeps it for review, or publishes it) or rejects it (deletes it), as one
   * action: the decision, the change to the update and the one audit row commit together. The
   * decision is taken first in the transaction, so of two people deciding at once the second
   * finds it decided; if acting fails (a stale version, a role that may not publish) nothing of
   * it stays.
   */
  async decideDraft(
    ctx: ActionContext,
    slug: string,
    entryId: string,
    updateId: string,
    decision: DraftDecision,
    expectedVersion: number | undefined,
  ): Promise<InboxDraftView> {
    const story = await this.story(ctx.actor, slug)
    await this.entryOf(story, entryId)
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const inbox = new InboxRepository(trx)
      const draft = found(await inbox.findDraft(entryId, updateId))
      const update = await new UpdateRepository(trx).findAnyById(updateId)
      const state = effectiveState(draft, update)
      if (state !== 'pending')
        throw new AppError('INBOX_ALREADY_DECIDED', undefined, { state, by: draft.decidedBy ?? '' })
      const decided = decision.action === 'accept' ? 'accepted' : 'rejected'
      if (!(await inbox.decideDraft(updateId, decided, actor.name, at)))
        throw new AppError('INBOX_ALREADY_DECIDED', undefined, { state: 'decided' })
      // The update service joins this action: its change commits with the decision, and this
      // row, not its own, describes both.
      let result: Update | undefined = update
      if (decision.action === 'reject')
        result = await this.updates.deleteUpdate(action, slug, updateId, expectedVersion)
      else if (decision.publish)
        result = await this.updates.editUpdate(action, slug, updateId, expectedVersion, {
          status: 'published',
        })
      const view: InboxDraftView = {
        ...draft,
        state: decided,
        decidedBy: actor.name,
        decidedAt: at,
        update: result,
      }
      await action.audit({
        action: decision.action === 'accept' ? 'inbox.draft_accept' : 'inbox.draft_reject',
        targetType: 'update',
        targetId: updateId,
        storySlug: story.slug,
        before: auditedDraft(draft, update, story.slug),
        after: auditedDraft(view, result, story.slug),
      })
      return view
    })
  }

  /**
   * Accepts a suggested claim (a new claim in the story, or its statements added to a claim the
   * story has) or rejects it, as one action: the claim, its statements, the decision and the one
   * audit row commit together, or nothing does.
   */
  async decideSuggestion(
    ctx: ActionContext,
    slug: string,
    entryId: string,
    suggestionId: string,
    decision: SuggestionDecision,
  ): Promise<{ suggestion: ClaimSuggestion; claim: ClaimView | undefined }> {
    assertCan(ctx.actor, 'claim.write', 'Only editors and admins may accept or reject claims')
    const story = await this.story(ctx.actor, slug)
    const entry = await this.entryOf(story, entryId)
    const suggestion = found(
      await new InboxRepository(this.db.kysely).findSuggestion(entryId, suggestionId),
    )
    if (suggestion.state !== 'pending') throw alreadyDecided(suggestion)
    if (decision.action === 'reject') return this.rejectSuggestion(ctx, story, suggestion)
    const statements = await this.statementsToRecord(suggestion, decision, entry, this.clock())
    const target = decision.claimId
      ? { claimId: decision.claimId }
      : {
          claim: {
            proposition: decision.proposition ?? suggestion.proposition,
            subjects: decision.subjects ?? suggestion.subjects,
          },
        }
    return this.actions.run(
      ctx,
      async (action) => {
        const claim = await this.claims.recordStatements(action, slug, target, statements)
        const claimId = claim.claim.id
        const decided = await decide(action, suggestion, 'accepted', claimId)
        await action.audit({
          action: 'inbox.accept',
          // The ledger change is the claim: the row is found by the claim's id.
          targetType: 'claim',
          targetId: claimId,
          storySlug: story.slug,
          before: auditedSuggestion(suggestion),
          after: { suggestion: auditedSuggestion(decided), claim: publicClaim(claim) },
        })
        return { suggestion: decided, claim }
      },
      // Two statements naming the same new source at once: the second run finds the source.
      { retryOnUniqueViolation: true },
    )
  }

  private rejectSuggestion(
    ctx: ActionContext,
    story: Story,
    suggestion: ClaimSuggestion,
  ): Promise<{ suggestion: ClaimSuggestion; claim: undefined }> {
    return this.actions.run(ctx, async (action) => {
      const decided = await decide(action, suggestion, 'rejected', null)
      await action.audit({
        action: 'inbox.reject',
        targetType: 'claim_suggestion',
        targetId: suggestion.id,
        storySlug: story.slug,
        before: auditedSuggestion(suggestion),
        after: auditedSuggestion(decided),
      })
      return { suggestion: decided, claim: undefined }
    })
  }

  /** The statements an accepted suggestion records, as the ledger takes them. */
  private async statementsToRecord(
    suggestion: ClaimSuggestion,
    decision: SuggestionDecision,
    entry: InboxEntry,
    now: Date,
  ): Promise<NewAttribution[]> {
    const chosen: NonNullable<SuggestionDecision['statements']> =
      decision.statements ??
      suggestion.statements.flatMap((s, index) => (s.sourceName ? [{ index }] : []))
    if (chosen.length === 0)
      throw new AppError(
        'REQUEST_VALIDATION_FAILED',
        'No statement to record: name the source of at least one (body.statements[].source_name)',
        { part: 'body', field: 'statements' },
      )
    const sources = new SourceRepository(this.db.kysely)
    const updates = new UpdateRepository(this.db.kysely)
    const evidenceUrl = /^https?:\/\//i.test(entry.origin) ? entry.origin : undefined
    const result: NewAttribution[] = []
    const seen = new Set<number>()
    for (const pick of chosen) {
      const st: SuggestedStatement | undefined = suggestion.statements[pick.index]
      if (!st || seen.has(pick.index))
        throw new AppError(
          'REQUEST_VALIDATION_FAILED',
          `body.statements: no statement ${pick.index} in this suggestion, or named twice`,
          { part: 'body', field: 'statements' },
        )
      seen.add(pick.index)
      const stance = pick.stance ?? st.stance
      if (!STANCES.includes(stance))
        throw new AppError('REQUEST_VALIDATION_FAILED', `Unknown stance "${stance}"`, {
          part: 'body',
          field: 'statements',
        })
      const name = pick.sourceName?.trim() || st.sourceName
      if (!name)
        throw new AppError(
          'REQUEST_VALIDATION_FAILED',
          `Statement ${pick.index} ("${st.source.text}") has no resolved source; give its source_name`,
          { part: 'body', field: 'statements' },
        )
      // A known source keeps its id; otherwise the ledger finds or creates the source by name.
      const known =
        !pick.sourceName && st.sourceId ? await sources.findById(st.sourceId) : undefined
      const update = st.updateId ? await updates.findAnyById(st.updateId) : undefined
      const stated = statementTime(st.date)
      result.push({
        source:
          known && !known.mergedInto
            ? { id: known.id }
            : { name, kind: pick.sourceKind ?? st.sourceKind },
        stance,
        quote: st.content.text.slice(0, MAX_QUOTE),
        statedAt: stated && Date.parse(stated) <= now.getTime() ? stated : undefined,
        // Only a published update can be cited; publish the draft first to link it.
        updateId: update?.status === 'published' ? update.id : undefined,
        evidenceUrl,
      })
    }
    return result
  }

  private async story(actor: Actor, slug: string): Promise<Story> {
    assertCan(actor, 'draft.read', 'Only contributors, editors and admins see the inbox')
    return storyBySlug(this.db.kysely, slug)
  }

  /** The imported text, which must belong to the story. */
  private async entryOf(story: Story, entryId: string): Promise<InboxEntry> {
    const entry = await new InboxRepository(this.db.kysely).findEntry(story.id, entryId)
    if (!entry)
      throw new AppError(
        'INBOX_ENTRY_NOT_FOUND',
        `No imported text "${entryId}" in "${story.slug}"`,
      )
    return entry
  }
}

const alreadyDecided = (suggestion: ClaimSuggestion): AppError =>
  new AppError('INBOX_ALREADY_DECIDED', undefined, { state: suggestion.state })

/** Marks the suggestion decided, unless someone decided it first (then the action rolls back). */
async function decide(
  action: Action,
  suggestion: ClaimSuggestion,
  state: 'accepted' | 'rejected',
  claimId: string | null,
): Promise<ClaimSuggestion> {
  const inbox = new InboxRepository(action.trx)
  if (!(await inbox.decideSuggestion(suggestion.id, state, claimId, action.actor.name, action.at)))
    throw alreadyDecided(suggestion)
  return {
    ...suggestion,
    state,
    ...(claimId ? { claimId } : {}),
    decidedBy: action.actor.name,
    decidedAt: action.at,
  }
}

/** A draft decision as its audit row keeps it: the decision and the update as readers see it. */
const auditedDraft = (d: InboxDraft, update: Update | undefined, slug: string) => ({
  entry_id: d.entryId,
  state: d.state,
  decided_by: d.decidedBy,
  decided_at: d.decidedAt,
  update: update ? publicUpdate(update, slug) : null,
})

/** A suggestion as its audit row keeps it: the decision, not the statements the import read. */
const auditedSuggestion = (s: ClaimSuggestion) => ({
  id: s.id,
  proposition: s.proposition,
  state: s.state,
  claim_id: s.claimId,
  decided_by: s.decidedBy,
  decided_at: s.decidedAt,
})
