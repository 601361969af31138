/** @module ingest/extract/attribution — the shapes the attribution extractor produces. */
import type { Stance } from '../../core/claim.js'
import type { Span } from '../imported-document.js'

// The extractor speaks the claims ledger's stances, so a suggestion can become an Attribution as is.
export { STANCES, type Stance } from '../../core/claim.js'

/** A span with the text it covers, offsets in UTF-16 code units into the text as read. */
export interface TextSpan extends Span {
  text: string
}

/** When a statement was made, resolved against the dateline. */
export interface StatementTime {
  /** The day (YYYY-MM-DD); for a range, its last day. */
  date: string
  /** The first day of a range ("earlier this week"); equal to `date` for a single day. */
  from: string
  /** The words that gave the time, or undefined when the dateline alone dates the statement. */
  phrase: TextSpan | undefined
}

export interface ExtractedAttribution {
  source: TextSpan
  cue: TextSpan
  content: TextSpan
  stance: Stance
  /** A stable id for the source: a known Source's id, or one derived from its canonical name. */
  source_id: string | null
  /** The canonical name the source resolved to ("Russian Defense Ministry" for "the ministry"). */
  sourceName: string | null
  /** Each source when several speak together ("both the Kremlin and the Defense Ministry"). */
  sources: Array<{ id: string; name: string; person: boolean }>
  time: StatementTime | undefined
}

/** Statements about one proposition, with each source's stance: a claim for the desk to review. */
export interface SuggestedClaim {
  /** A short label from the statement that states the proposition most plainly. */
  proposition: string
  /** The event and place the statements share, when the rules recognised them. */
  key: string
  /** The places the statements are about, by canonical name. */
  subjects: string[]
  statements: Array<{
    source_id: string | null
    sourceName: string | null
    /** Whether the source is a person (a name, or "he" resolved to one). */
    person: boolean
    stance: Stance
    source: TextSpan
    cue: TextSpan
    content: TextSpan
    time: StatementTime | undefined
  }>
}
