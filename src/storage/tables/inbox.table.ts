/** @module storage/tables/inbox — the desk inbox: imported texts, their drafts and suggested claims. */
import type { Selectable } from 'kysely'

export interface InboxEntryTable {
  id: string
  story_id: string
  /** The file name, `request`, or the feed item's address. */
  origin: string
  /** text, markdown or html. */
  format: string
  /** The text every span points into: the input as read, or for HTML the text read from the page. */
  text: string
  dateline: string | null
  created_by: string
  created_at: string
}

export interface InboxDraftTable {
  update_id: string
  entry_id: string
  /** Reading order within the entry. */
  position: number
  /** lead, update or remainder. */
  role: string
  /** JSON array of `{start, end}` into the entry's text. */
  spans: string
  /** pending, accepted or rejected. */
  state: string
  decided_by: string | null
  decided_at: string | null
}

export interface ClaimSuggestionTable {
  id: string
  entry_id: string
  position: number
  proposition: string
  claim_key: string
  /** JSON array of place names. */
  subjects: string
  /** JSON array of statements (source, cue and content spans, stance, time, draft). */
  statements: string
  state: string
  /** The claim the suggestion became or was added to, once accepted. */
  claim_id: string | null
  decided_by: string | null
  decided_at: string | null
}

export type InboxEntryRow = Selectable<InboxEntryTable>
export type InboxDraftRow = Selectable<InboxDraftTable>
export type ClaimSuggestionRow = Selectable<ClaimSuggestionTable>
