/** @module services/export — a story with every revision and event as one JSON document, and back. */
import {
  AS_RECORDED,
  firstRevision,
  type AttributionRevision,
  type Claim,
  type ClaimRevision,
  type Source,
} from '../core/claim.js'
import type { ClaimSuggestion, InboxDraft, InboxEntry } from '../core/inbox.js'
import type { Story } from '../core/story.js'
import type { StoryEvent } from '../core/story-event.js'
import type { Update } from '../core/update.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import type { Executor } from '../storage/db.js'
import {
  ClaimRepository,
  type AttributionRecord,
} from '../storage/repositories/claim.repository.js'
import {
  ImportRecordRepository,
  type ImportRecord,
} from '../storage/repositories/import-record.repository.js'
import { InboxRepository } from '../storage/repositories/inbox.repository.js'
import { SourceRepository, type SourceRevision } from '../storage/repositories/source.repository.js'
import { StoryEventRepository } from '../storage/repositories/story-event.repository.js'
import { StoryRepository, type StoryRevision } from '../storage/repositories/story.repository.js'
import { UpdateRepository, type UpdateRevision } from '../storage/repositories/update.repository.js'
import type { ActionContext, Actions } from './action.js'
import { assertCan, storyBySlug } from './story.service.js'

export const EXPORT_FORMAT = 'sitrep-story-export'
export const EXPORT_VERSION = 1

export interface StoryExport {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  exported_at: string
  story: Story
  story_revisions: StoryRevision[]
  updates: Array<Update & { revisions: UpdateRevision[] }>
  events: StoryEvent[]
  /** The story's claims ledger; absent in exports made before the ledger existed. */
  ledger?: LedgerExport
  /** What imports made and what is still to review; absent in exports made before the inbox. */
  inbox?: InboxExport
}

/** Imported texts with their drafts and suggestions, and the hashes that keep imports once-only. */
export interface InboxExport {
  entries: Array<InboxEntry & { drafts: InboxDraft[]; suggestions: ClaimSuggestion[] }>
  import_records: ImportRecord[]
}

/** Claims appearing in the story (merged ones too) and every source their statements cite. */
export interface LedgerExport {
  claims: Array<{
    claim: Claim
    /** When the claim joined this story. */
    linkedAt: string
    revisions: ClaimRevision[]
    attributions: AttributionRecord[]
    /** Every version of each statement; absent in exports made before statements had versions. */
    attributionRevisions?: AttributionRevision[]
  }>
  sources: Array<Source & { revisions: SourceRevision[] }>
}

export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  async exportStory(slug: string, now = new Date()): Promise<StoryExport> {
    // One transaction, so the export is a consistent snapshot even while the story is live.
    return this.db.transaction(async (trx) => {
      const stories = new StoryRepository(trx)
      const story = await storyBySlug(trx, slug)
      const updates = new UpdateRepository(trx)
      const all = await updates.listAll(story.id)
      const withRevisions = []
      for (const update of all)
        withRevisions.push({ ...update, revisions: await updates.listRevisions(update.id) })
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exported_at: now.toISOString(),
        story,
        story_revisions: await stories.listRevisions(story.id),
        updates: withRevisions,
        events: await new StoryEventRepository(trx).listRange(story.id, 0),
        ledger: await exportLedger(trx, story.id),
        inbox: await exportInbox(trx, story.id),
      }
    })
  }

  /** Restores an export exactly (ids, versions, revisions, event numbers), optionally under a new slug. */
  async importStory(
    ctx: ActionContext,
    doc: unknown,
    slug?: string,
  ): Promise<{ slug: string; updates: number; events: number; claims: number }> {
    assertCan(ctx.actor, 'story.create')
    if (!isStoryExport(doc))
      throw new AppError(
        'IMPORT_INVALID',
        `Expected a JSON document with "format": "${EXPORT_FORMAT}" and "version": ${EXPORT_VERSION}`,
      )
    const story: Story = { ...doc.story, slug: slug ?? doc.story.slug }
    return this.actions.run(ctx, async (action) => {
      const { trx } = action
      const stories = new StoryRepository(trx)
      if (await stories.findBySlug(story.slug))
        throw new AppError(
          'STORY_SLUG_TAKEN',
          `A story with the slug "${story.slug}" already exists`,
          { slug: story.slug },
        )
      if (await stories.findById(story.id))
        throw new AppError(
          'STORY_SLUG_TAKEN',
          `This export is already in the database as another story (id ${story.id})`,
        )
      await stories.insert(story)
      for (const revision of doc.story_revisions) await stories.insertRevision(story.id, revision)
      const updates = new UpdateRepository(trx)
      for (const { revisions, ...update } of doc.updates) {
        await updates.insert(update)
        for (const revision of revisions) await updates.insertRevision(revision)
      }
      const events = new StoryEventRepository(trx)
      for (const event of doc.events) await events.insert(event)
      const claims = doc.ledger ? await importLedger(trx, story.id, doc.ledger) : 0
      if (doc.inbox) await importInbox(trx, story.id, doc.inbox)
      const counts = { updates: doc.updates.length, events: doc.events.length, claims }
      await action.audit({
        action: 'story.restore',
        targetType: 'story',
        targetId: story.id,
        storySlug: story.slug,
        after: counts,
      })
      return { slug: story.slug, ...counts }
    })
  }
}

async function exportInbox(trx: Executor, storyId: string): Promise<InboxExport> {
  const inbox = new InboxRepository(trx)
  const entries: InboxExport['entries'] = []
  for (const entry of await inbox.listAllEntries(storyId))
    entries.push({
      ...entry,
      drafts: await inbox.listDrafts(entry.id),
      suggestions: await inbox.listSuggestions(entry.id),
    })
  return { entries, import_records: await new ImportRecordRepository(trx).listByStory(storyId) }
}

async function importInbox(trx: Executor, storyId: string, doc: InboxExport): Promise<void> {
  const inbox = new InboxRepository(trx)
  const claims = new ClaimRepository(trx)
  for (const { drafts, suggestions, ...entry } of doc.entries) {
    // An accepted suggestion points at its claim only if the ledger came along.
    const kept: ClaimSuggestion[] = []
    for (const s of suggestions)
      kept.push(s.claimId && !(await claims.findById(s.claimId)) ? { ...s, claimId: null } : s)
    await inbox.insertEntry({ ...entry, storyId }, drafts, kept)
  }
  const records = new ImportRecordRepository(trx)
  for (const record of doc.import_records) await records.claim({ ...record, storyId })
}

async function exportLedger(trx: Executor, storyId: string): Promise<LedgerExport> {
  const claimRepository = new ClaimRepository(trx)
  const claims: LedgerExport['claims'] = []
  const sourceIds = new Set<string>()
  for (const claim of await claimRepository.listByStory(storyId, true)) {
    const attributions = await claimRepository.listAttributionRecords(claim.id)
    const attributionRevisions: AttributionRevision[] = []
    for (const a of attributions) {
      sourceIds.add(a.sourceId).add(a.originalSourceId)
      for (const r of await claimRepository.listAttributionRevisions(a.id)) {
        sourceIds.add(r.sourceId)
        attributionRevisions.push(r)
      }
    }
    const link = (await claimRepository.listStories(claim.id)).find((s) => s.storyId === storyId)
    claims.push({
      claim,
      linkedAt: link?.linkedAt ?? claim.createdAt,
      revisions: await claimRepository.listRevisions(claim.id),
      attributions,
      attributionRevisions,
    })
  }
  const sourceRepository = new SourceRepository(trx)
  const sources: LedgerExport['sources'] = []
  for (const source of await sourceRepository.listByIds([...sourceIds].sort()))
    sources.push({ ...source, revisions: await sourceRepository.listRevisions(source.id) })
  return { claims, sources }
}

/**
 * Restores a ledger into the imported story. Sources are shared by every story, so one that is
 * already here (same id) is kept as it is; a claim already here (it also appears in a story
 * imported earlier) is linked, not duplicated. A statement citing an update that is not in this
 * database keeps everything but the link.
 */
async function importLedger(trx: Executor, storyId: string, ledger: LedgerExport): Promise<number> {
  const sources = new SourceRepository(trx)
  for (const { revisions, ...source } of ledger.sources) {
    if (await sources.findById(source.id)) continue
    await sources.insertImported(source)
    for (const revision of revisions) await sources.insertRevision(revision)
  }
  const claims = new ClaimRepository(trx)
  const updates = new UpdateRepository(trx)
  for (const { claim, linkedAt, revisions, attributions, attributionRevisions } of ledger.claims) {
    if (!(await claims.findById(claim.id))) {
      await claims.insert(claim)
      for (const revision of revisions) await claims.insertRevision(claim.id, revision)
      for (const exported of attributions) {
        // Exports made before statements had versions carry none of their life: as recorded.
        const a = { ...AS_RECORDED, ...exported }
        const keep = async (id: string | null) =>
          id && (await updates.findAnyById(id)) ? id : null
        await claims.insertAttributionRecord({ ...a, updateId: await keep(a.updateId) })
        const versions = attributionRevisions?.filter((r) => r.attributionId === a.id) ?? []
        for (const r of versions.length > 0 ? versions : [firstRevision(a)])
          await claims.insertAttributionRevision({ ...r, updateId: await keep(r.updateId) })
      }
    }
    await claims.linkStory(claim.id, storyId, linkedAt)
  }
  return ledger.claims.length
}

function isStoryExport(doc: unknown): doc is StoryExport {
  if (!doc || typeof doc !== 'object') return false
  const d = doc as Partial<StoryExport>
  return (
    d.format === EXPORT_FORMAT &&
    d.version === EXPORT_VERSION &&
    typeof d.story?.id === 'string' &&
    Array.isArray(d.story_revisions) &&
    Array.isArray(d.updates) &&
    Array.isArray(d.events) &&
    (d.ledger === undefined || (Array.isArray(d.ledger.claims) && Array.isArray(d.ledger.sources)))
  )
}
