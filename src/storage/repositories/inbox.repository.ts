/** @module storage/repositories/inbox — imported texts, their drafts and suggested claims, and the decisions on them. */
import type {
  ClaimSuggestion,
  InboxDraft,
  InboxEntry,
  InboxState,
  SuggestedStatement,
  TextRange,
} from '../../core/inbox.js'
import type { Executor } from '../db.js'
import type { ClaimSuggestionRow, InboxDraftRow, InboxEntryRow } from '../tables/inbox.table.js'

/** An entry as listed: without its text, with how much is still waiting. */
export interface InboxEntrySummary extends Omit<InboxEntry, 'text'> {
  textLength: number
  drafts: number
  pendingDrafts: number
  suggestions: number
  pendingSuggestions: number
}

const rowToEntry = (row: InboxEntryRow): InboxEntry => ({
  id: row.id,
  storyId: row.story_id,
  origin: row.origin,
  format: row.format as InboxEntry['format'],
  text: row.text,
  dateline: row.dateline,
  createdBy: row.created_by,
  createdAt: row.created_at,
})

const rowToDraft = (row: InboxDraftRow): InboxDraft => ({
  updateId: row.update_id,
  entryId: row.entry_id,
  position: Number(row.position),
  role: row.role as InboxDraft['role'],
  spans: JSON.parse(row.spans) as TextRange[],
  state: row.state as InboxState,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
})

const rowToSuggestion = (row: ClaimSuggestionRow): ClaimSuggestion => ({
  id: row.id,
  entryId: row.entry_id,
  position: Number(row.position),
  proposition: row.proposition,
  key: row.claim_key,
  subjects: JSON.parse(row.subjects) as string[],
  statements: JSON.parse(row.statements) as SuggestedStatement[],
  state: row.state as InboxState,
  claimId: row.claim_id,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
})

export class InboxRepository {
  constructor(private readonly db: Executor) {}

  async insertEntry(
    entry: InboxEntry,
    drafts: InboxDraft[],
    suggestions: ClaimSuggestion[],
  ): Promise<void> {
    await this.db
      .insertInto('inbox_entry')
      .values({
        id: entry.id,
        story_id: entry.storyId,
        origin: entry.origin,
        format: entry.format,
        text: entry.text,
        dateline: entry.dateline,
        created_by: entry.createdBy,
        created_at: entry.createdAt,
      })
      .execute()
    if (drafts.length > 0)
      await this.db
        .insertInto('inbox_draft')
        .values(
          drafts.map((d) => ({
            update_id: d.updateId,
            entry_id: entry.id,
            position: d.position,
            role: d.role,
            spans: JSON.stringify(d.spans),
            state: d.state,
            decided_by: d.decidedBy,
            decided_at: d.decidedAt,
          })),
        )
        .execute()
    if (suggestions.length > 0)
      await this.db
        .insertInto('claim_suggestion')
        .values(
          suggestions.map((s) => ({
            id: s.id,
            entry_id: entry.id,
            position: s.position,
            proposition: s.proposition,
            claim_key: s.key,
            subjects: JSON.stringify(s.subjects),
            statements: JSON.stringify(s.statements),
            state: s.state,
            claim_id: s.claimId,
            decided_by: s.decidedBy,
            decided_at: s.decidedAt,
          })),
        )
        .execute()
  }

  /** The story's entries, newest first, with counts of what is still pending. */
  async listEntries(storyId: string, limit: number): Promise<InboxEntrySummary[]> {
    const rows = await this.db
      .selectFrom('inbox_entry')
      .select(['id', 'story_id', 'origin', 'format', 'dateline', 'created_by', 'created_at'])
      .select((eb) => [
        eb.fn('length', ['text']).as('text_length'),
        eb
          .selectFrom('inbox_draft')
          .whereRef('inbox_draft.entry_id', '=', 'inbox_entry.id')
          .select((e) => e.fn.countAll().as('n'))
          .as('drafts'),
        eb
          .selectFrom('inbox_draft')
          .whereRef('inbox_draft.entry_id', '=', 'inbox_entry.id')
          .where('inbox_draft.state', '=', 'pending')
          .select((e) => e.fn.countAll().as('n'))
          .as('pending_drafts'),
        eb
          .selectFrom('claim_suggestion')
          .whereRef('claim_suggestion.entry_id', '=', 'inbox_entry.id')
          .select((e) => e.fn.countAll().as('n'))
          .as('suggestions'),
        eb
          .selectFrom('claim_suggestion')
          .whereRef('claim_suggestion.entry_id', '=', 'inbox_entry.id')
          .where('claim_suggestion.state', '=', 'pending')
          .select((e) => e.fn.countAll().as('n'))
          .as('pending_suggestions'),
      ])
      .where('story_id', '=', storyId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map((row) => ({
      id: row.id,
      storyId: row.story_id,
      origin: row.origin,
      format: row.format as InboxEntry['format'],
      dateline: row.dateline,
      createdBy: row.created_by,
      createdAt: row.created_at,
      textLength: Number(row.text_length),
      drafts: Number(row.drafts),
      pendingDrafts: Number(row.pending_drafts),
      suggestions: Number(row.suggestions),
      pendingSuggestions: Number(row.pending_suggestions),
    }))
  }

  /** Every entry of a story with its text, oldest first, for exports. */
  async listAllEntries(storyId: string): Promise<InboxEntry[]> {
    const rows = await this.db
      .selectFrom('inbox_entry')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(rowToEntry)
  }

  async findEntry(storyId: string, id: string): Promise<InboxEntry | undefined> {
    const row = await this.db
      .selectFrom('inbox_entry')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToEntry(row)
  }

  async listDrafts(entryId: string): Promise<InboxDraft[]> {
    const rows = await this.db
      .selectFrom('inbox_draft')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('position')
      .execute()
    return rows.map(rowToDraft)
  }

  async listSuggestions(entryId: string): Promise<ClaimSuggestion[]> {
    const rows = await this.db
      .selectFrom('claim_suggestion')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('position')
      .execute()
    return rows.map(rowToSuggestion)
  }

  async findDraft(entryId: string, updateId: string): Promise<InboxDraft | undefined> {
    const row = await this.db
      .selectFrom('inbox_draft')
      .selectAll()
      .where('entry_id', '=', entryId)
      .where('update_id', '=', updateId)
      .executeTakeFirst()
    return row && rowToDraft(row)
  }

  async findSuggestion(entryId: string, id: string): Promise<ClaimSuggestion | undefined> {
    const row = await this.db
      .selectFrom('claim_suggestion')
      .selectAll()
      .where('entry_id', '=', entryId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToSuggestion(row)
  }

  /**
   * Moves a pending draft to its decision; false when someone decided first. Deciding before
   * acting means two people pressing at once cannot both act.
   */
  async decideDraft(
    updateId: string,
    state: Exclude<InboxState, 'pending'>,
    by: string,
    at: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('inbox_draft')
      .set({ state, decided_by: by, decided_at: at })
      .where('update_id', '=', updateId)
      .where('state', '=', 'pending')
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  /** Puts a draft back to pending when acting on the decision failed. */
  async undecideDraft(updateId: string): Promise<void> {
    await this.db
      .updateTable('inbox_draft')
      .set({ state: 'pending', decided_by: null, decided_at: null })
      .where('update_id', '=', updateId)
      .execute()
  }

  /** Like `decideDraft`, for a suggested claim; records the claim it became. */
  async decideSuggestion(
    id: string,
    state: Exclude<InboxState, 'pending'>,
    claimId: string | null,
    by: string,
    at: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('claim_suggestion')
      .set({ state, claim_id: claimId, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }
}
