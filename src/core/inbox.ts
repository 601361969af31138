/** @module core/inbox — what the desk reviews after an import: the text, its drafts and the claims it suggests. */
import type { SourceKind, Stance } from './claim.js'

/** A suggestion waits for a person; accepted and rejected are final. */
export const INBOX_STATES = ['pending', 'accepted', 'rejected'] as const
export type InboxState = (typeof INBOX_STATES)[number]

/** A half-open range of UTF-16 code units into the entry's text. */
export interface TextRange {
  start: number
  end: number
}

export interface QuotedRange extends TextRange {
  text: string
}

/** One imported text: a file, a request or a feed item. */
export interface InboxEntry {
  id: string
  storyId: string
  origin: string
  format: 'text' | 'markdown' | 'html'
  /** The text every range points into (for HTML: the text read from the page, not its markup). */
  text: string
  dateline: string | null
  createdBy: string
  createdAt: string
}

/** A draft update the import made, and where its words came from. */
export interface InboxDraft {
  updateId: string
  entryId: string
  position: number
  role: 'lead' | 'update' | 'remainder'
  spans: TextRange[]
  state: InboxState
  decidedBy: string | null
  decidedAt: string | null
}

/** One source's statement as the extractor read it. */
export interface SuggestedStatement {
  /** A known Source's id, or an id derived from the name when the ledger has no such source yet. */
  sourceId: string | null
  sourceName: string | null
  /** The kind a new Source gets if the ledger does not know this one yet. */
  sourceKind: SourceKind
  /** The words naming the source, the cue ("said", "has not confirmed") and what was said. */
  source: QuotedRange
  cue: QuotedRange
  content: QuotedRange
  stance: Stance
  /** The day the statement was made (YYYY-MM-DD) and, for a range, its first day. */
  date: string | null
  dateFrom: string | null
  /** The draft whose text holds the statement. */
  updateId: string | null
}

/** Statements about one proposition: a claim for the verification desk to accept, edit or reject. */
export interface ClaimSuggestion {
  id: string
  entryId: string
  position: number
  proposition: string
  /** The event and place the statements share ("captured:<place>"), or `text:` and shared words. */
  key: string
  /** The places the statements name, for the claim's subjects. */
  subjects: string[]
  statements: SuggestedStatement[]
  state: InboxState
  claimId: string | null
  decidedBy: string | null
  decidedAt: string | null
}

/** A statement's day as a time the ledger accepts: the start of that day in UTC. */
export const statementTime = (date: string | null): string | undefined =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : undefined
