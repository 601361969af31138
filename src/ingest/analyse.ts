/** @module ingest/analyse — the pure part of an import: text in; document, drafts, attributions and suggested claims out. */
import {
  detectFormat,
  parseImport,
  toDraftUpdates,
  toReadingText,
  type DraftUpdate,
} from './draft-updates.js'
import type { PlaceIndex } from './entities/find-entities.js'
import type { ExtractedAttribution, SuggestedClaim } from './extract/attribution.js'
import { extractAttributions } from './extract/extract-attributions.js'
import type { KnownSource } from './extract/sources.js'
import { suggestClaims } from './extract/suggest-claims.js'
import type { ImportedDocument, ImportFormat } from './imported-document.js'
import { markupLimitExceeded, type MarkupLimits } from './markup-limits.js'

/** What one analysis needs; plain data, so it can be sent to a worker thread. */
export interface AnalyseInput {
  /** The text as sent. */
  text: string
  /** The file name (or `request`), used to pick the format when none is given. */
  origin: string
  /** Overrides detection by file name and content. */
  format?: ImportFormat
  /** Nesting and size limits for HTML, checked before any tree is built. */
  markup: MarkupLimits
  /** The ledger's sources, so statements resolve to their ids. */
  knownSources: KnownSource[]
}

/** What an analysis found; plain data. A refusal is a result, not a throw, so it crosses threads intact. */
export type AnalyseResult =
  | {
      ok: true
      format: ImportFormat
      /** The text offsets point into: the text as sent, or for HTML the text read from the page. */
      text: string
      doc: ImportedDocument
      drafts: DraftUpdate[]
      attributions: ExtractedAttribution[]
      claims: SuggestedClaim[]
    }
  | { ok: false; code: 'IMPORT_TOO_COMPLEX' | 'IMPORT_EMPTY'; message?: string }

/**
 * Parses a text, makes its drafts, reads its attributions and groups them into suggested claims.
 * No database and no clock: the import service writes what this returns.
 *
 * @example await analyseImport({ text, origin: 'wire.txt', markup, knownSources: [] }, loadPlaceIndex)
 */
export async function analyseImport(
  input: AnalyseInput,
  places: () => Promise<PlaceIndex>,
): Promise<AnalyseResult> {
  const format = input.format ?? detectFormat(input.text, input.origin)
  // Checked before any tree is built: the HTML reader walks the tree recursively.
  const tooComplex =
    format === 'html'
      ? markupLimitExceeded(input.text, { xmlMode: false }, input.markup)
      : undefined
  if (tooComplex) return { ok: false, code: 'IMPORT_TOO_COMPLEX', message: tooComplex }
  let doc = parseImport(input.text, format)
  // Offsets point into the text as sent; for HTML, into the text read from the page (markup
  // offsets would mean nothing to the desk or the rules).
  let text = input.text
  if (format === 'html') ({ text, doc } = toReadingText(doc))
  const drafts = toDraftUpdates(doc)
  if (drafts.length === 0) return { ok: false, code: 'IMPORT_EMPTY' }
  const attributions = extractAttributions(text, {
    dateline: doc.date,
    knownSources: input.knownSources,
  })
  const claims = attributions.length > 0 ? suggestClaims(text, attributions, await places()) : []
  return { ok: true, format, text, doc, drafts, attributions, claims }
}
