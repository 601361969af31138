/** @module services/import — wire copy, Markdown and HTML in: draft updates for review, each piece made once. */
import { createHash } from 'node:crypto'
import type { CitedSource, SourceKind } from '../core/update.js'
import { AppError, type ErrorCode } from '../errors.js'
import type {
  ClaimSuggestion,
  InboxDraft,
  InboxEntry,
  QuotedRange,
  SuggestedStatement,
} from '../core/inbox.js'
import type { DraftUpdate } from '../ingest/draft-updates.js'
import type { ExtractedAttribution, SuggestedClaim } from '../ingest/extract/attribution.js'
import type { ImportedDocument, ImportFormat, Span } from '../ingest/imported-document.js'
import { DEFAULT_MARKUP_LIMITS, type MarkupLimits } from '../ingest/markup-limits.js'
import { inProcessAnalyser, type Analyser } from '../ingest/pool.js'
import type { Db } from '../storage/db.js'
import { ImportRecordRepository } from '../storage/repositories/import-record.repository.js'
import { InboxRepository } from '../storage/repositories/inbox.repository.js'
import { SourceRepository } from '../storage/repositories/source.repository.js'
import type { Action, ActionContext, Actions } from './action.js'
import { newId } from './ids.js'
import { assertCan, storyBySlug } from './story.service.js'
import type { UpdateService } from './update.service.js'

/** Largest text one import accepts, in UTF-16 code units (about 2 MB of prose). */
export const MAX_IMPORT_CHARS = 2_000_000

export interface ImportInput {
  text: string
  /** The file name, used to pick the format and named in the report; `request` for API calls. */
  origin: string
  /** Overrides detection by file name and content. */
  format?: ImportFormat
}

export interface ImportedDraft {
  id: string
  role: DraftUpdate['role']
  headline: string
}

/** What one imported text made. */
export interface ImportFileReport {
  file: string
  format: ImportFormat
  date: string | null
  drafts: ImportedDraft[]
  /** Pieces already imported into this story before; nothing new was made for them. */
  duplicates: number
  /** Characters of page furniture (HTML navigation, footers…) left out on purpose. */
  boilerplate_chars: number
  /**
   * Statements grouped by proposition, with each source's stance and time; offsets into the text
   * as sent (HTML: the text read from the page). They wait in the inbox until an editor accepts
   * one as a claim; only statements in drafts this import made are suggested.
   */
  suggested_claims: SuggestedClaimReport[]
  /** The inbox entry the desk reviews this text in; null when nothing new was made. */
  entry_id: string | null
}

type SpanReport = { start: number; end: number; text: string }

export interface SuggestedClaimReport {
  id: string
  proposition: string
  key: string
  statements: Array<{
    source_id: string | null
    source_name: string | null
    stance: string
    source: SpanReport
    cue: SpanReport
    content: SpanReport
    date: string | null
    date_from: string | null
    /** The draft holding the statement. */
    update_id: string | null
  }>
}

export interface SkippedImport {
  file: string
  code: ErrorCode
  message: string
}

export interface ImportReport {
  imported: ImportFileReport[]
  skipped: SkippedImport[]
}

/** The same content hashes the same, whatever the white space around it. */
export function draftHash(draft: DraftUpdate): string {
  const normal = (s: string) => s.replace(/\s+/g, ' ').trim()
  const key = JSON.stringify([
    draft.role,
    normal(draft.headline),
    normal(draft.body),
    draft.media.map((m) => [m.url, normal(m.caption), normal(m.credit)]),
    draft.related.map((r) => [normal(r.title), r.url]),
  ])
  return createHash('sha256').update(key).digest('hex')
}

/** A source's kind from its name, for the update's cited sources; `other` when unsure. */
export function sourceKindOf(name: string, person: boolean): SourceKind {
  if (person) return 'person'
  const n = name.toLowerCase()
  if (/\b(?:army|military|forces|defen[cs]e ministry|navy|command)\b/.test(n)) return 'military'
  if (
    /\b(?:ministry|government|kremlin|president|office|authorit(?:y|ies)|mayor|police|officials?)\b/.test(
      n,
    )
  )
    return 'government'
  if (/\b(?:news agency|agency)\b/.test(n) && /\b(?:news|press|tass|reuters)\b/.test(n))
    return 'agency'
  if (/\b(?:radio|television|newspaper|media|broadcaster)\b/.test(n)) return 'media'
  if (/\b(?:institute|think tank|study of war)\b/.test(n)) return 'think_tank'
  if (/\b(?:red cross|watch|programme|organization|charity)\b/.test(n)) return 'ngo'
  if (/\b(?:group|front|hand|militia|wagner)\b/.test(n)) return 'armed_group'
  return 'other'
}

function citedSources(attributions: ExtractedAttribution[]): CitedSource[] {
  const byId = new Map<string, CitedSource>()
  for (const a of attributions) {
    for (const s of a.sources) {
      if (!byId.has(s.id))
        byId.set(s.id, { name: s.name.slice(0, 200), kind: sourceKindOf(s.name, s.person) })
    }
  }
  return [...byId.values()].slice(0, 50)
}

/** Sources the extractor is told about: the ledger's, so statements resolve to their ids. */
const KNOWN_SOURCES = 5_000

const within = (spans: readonly Span[], offset: number) =>
  spans.some((s) => offset >= s.start && offset < s.end)

const presentSpan = (r: QuotedRange) => ({ start: r.start, end: r.end, text: r.text })

const presentSuggestion = (claim: ClaimSuggestion): SuggestedClaimReport => ({
  id: claim.id,
  proposition: claim.proposition,
  key: claim.key,
  statements: claim.statements.map((s) => ({
    source_id: s.sourceId,
    source_name: s.sourceName,
    stance: s.stance,
    source: presentSpan(s.source),
    cue: presentSpan(s.cue),
    content: presentSpan(s.content),
    date: s.date,
    date_from: s.dateFrom,
    update_id: s.updateId,
  })),
})

/**
 * The statements of each suggestion that lie in a draft this import made (a page that grew
 * suggests only what is new), each with the draft holding it; suggestions left empty go.
 */
function suggestionsFor(
  claims: SuggestedClaim[],
  made: ReadonlyArray<{ draft: DraftUpdate; updateId: string }>,
  entryId: string,
): ClaimSuggestion[] {
  const suggestions: ClaimSuggestion[] = []
  for (const claim of claims) {
    const statements: SuggestedStatement[] = []
    for (const st of claim.statements) {
      const holder = made.find((m) => within(m.draft.spans, st.content.start))
      if (!holder) continue
      statements.push({
        sourceId: st.source_id,
        sourceName: st.sourceName,
        sourceKind: sourceKindOf(st.sourceName ?? st.source.text, st.person),
        source: st.source,
        cue: st.cue,
        content: st.content,
        stance: st.stance,
        date: st.time?.date ?? null,
        dateFrom: st.time?.from ?? null,
        updateId: holder.updateId,
      })
    }
    if (statements.length === 0) continue
    suggestions.push({
      id: newId(),
      entryId,
      position: suggestions.length,
      proposition: claim.proposition.replace(/\s+/g, ' ').trim().slice(0, 1000),
      key: claim.key,
      subjects: claim.subjects,
      statements,
      state: 'pending',
      claimId: null,
      decidedBy: null,
      decidedAt: null,
    })
  }
  return suggestions
}

export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
    private readonly updates: UpdateService,
    /** Nesting and size limits for HTML, checked before the page is parsed. */
    private readonly markup: MarkupLimits = DEFAULT_MARKUP_LIMITS,
    /** Parses and reads each text; the server's is a worker pool with a time and heap limit per job. */
    private readonly analyser: Analyser = inProcessAnalyser,
  ) {}

  /**
   * Imports one text as drafts (never published), as one action: the drafts, their import
   * records, the inbox entry and one `import.create` audit row commit together, or nothing does,
   * so a failure never leaves a draft behind nor marks the text as imported. Each draft is
   * claimed by its content hash, so the same text imported twice, or by two desks at once, makes
   * each draft once. The text is read before the transaction opens: reading may take seconds.
   */
  async importText(ctx: ActionContext, slug: string, input: ImportInput): Promise<ImportReport> {
    assertCan(ctx.actor, 'update.draft', 'Only contributors, editors and admins may import')
    await storyBySlug(this.db.kysely, slug)
    const skip = (code: ErrorCode, message?: string): ImportReport => ({
      imported: [],
      skipped: [{ file: input.origin, code, message: message ?? new AppError(code).message }],
    })
    if (input.text.length > MAX_IMPORT_CHARS) return skip('IMPORT_TOO_LARGE')
    if (input.text.trim() === '') return skip('IMPORT_EMPTY')

    const knownSources = (await new SourceRepository(this.db.kysely).list(KNOWN_SOURCES)).map(
      (s) => ({ id: s.id, name: s.name, aliases: s.aliases }),
    )
    // Parsing and reading run off the event loop and may be refused (too complex, too slow, too
    // large); all of it happens before anything is written.
    const analysis = await this.analyser.analyse({ ...input, markup: this.markup, knownSources })
    if (!analysis.ok && analysis.code === 'IMPORT_EMPTY') return skip('IMPORT_EMPTY')
    if (!analysis.ok) throw new AppError(analysis.code, analysis.message)
    const { format, text, doc, drafts, attributions, claims } = analysis

    const report = await this.actions.run(ctx, async (action) => {
      const { trx, actor, at } = action
      const story = await storyBySlug(trx, slug)
      const records = new ImportRecordRepository(trx)
      const report: ImportFileReport = {
        file: input.origin,
        format,
        date: doc.date ?? null,
        entry_id: null,
        drafts: [],
        duplicates: 0,
        boilerplate_chars: doc.remainder
          .filter((r) => r.reason === 'boilerplate')
          .reduce((n, r) => n + r.text.length, 0),
        suggested_claims: [],
      }
      const made: Array<{ draft: DraftUpdate; updateId: string }> = []
      for (const draft of drafts) {
        const contentHash = draftHash(draft)
        // A concurrent import of the same piece holds this key until it ends: then this one
        // finds it taken (a duplicate), or free again if that import rolled back.
        const claimed = await records.claim({
          storyId: story.id,
          contentHash,
          updateId: null,
          role: draft.role,
          origin: input.origin.slice(0, 500),
          actor: actor.name,
          createdAt: at,
        })
        if (!claimed) {
          report.duplicates++
          continue
        }
        const update = await this.updates.createUpdate(action, slug, {
          headline: draft.headline,
          body: draft.body,
          media: draft.media,
          related: draft.related,
          sources: citedSources(attributions.filter((a) => within(draft.spans, a.cue.start))),
          status: 'draft',
        })
        await records.complete(story.id, contentHash, update.id)
        made.push({ draft, updateId: update.id })
        report.drafts.push({ id: update.id, role: draft.role, headline: update.headline })
      }
      // Nothing new: nothing was written, so there is nothing to put on record.
      if (made.length === 0) return report
      const entry = await fileInInbox(
        action,
        story.id,
        input.origin,
        format,
        text,
        doc,
        made,
        claims,
      )
      report.entry_id = entry.id
      report.suggested_claims = entry.suggestions.map(presentSuggestion)
      await action.audit({
        action: 'import.create',
        targetType: 'story',
        targetId: story.slug,
        storySlug: story.slug,
        // Counts and ids, not the text: the inbox entry keeps that.
        after: {
          entry_id: entry.id,
          origin: report.file.slice(0, 500),
          format,
          drafts: report.drafts.length,
          duplicates: report.duplicates,
          suggested_claims: report.suggested_claims.length,
          update_ids: report.drafts.map((d) => d.id),
        },
      })
      return report
    })
    if (report.drafts.length === 0) {
      return {
        imported: [],
        skipped: [
          {
            file: input.origin,
            code: 'IMPORT_DUPLICATE',
            message: `All ${report.duplicates} pieces of this text were imported into the story before`,
          },
        ],
      }
    }
    return { imported: [report], skipped: [] }
  }
}

/** Files the drafts an import made and the claims it suggests in the story's inbox, at once. */
async function fileInInbox(
  action: Action,
  storyId: string,
  origin: string,
  format: ImportFormat,
  text: string,
  doc: ImportedDocument,
  made: ReadonlyArray<{ draft: DraftUpdate; updateId: string }>,
  claims: SuggestedClaim[],
): Promise<{ id: string; suggestions: ClaimSuggestion[] }> {
  const entry: InboxEntry = {
    id: newId(),
    storyId,
    origin: origin.slice(0, 500),
    format,
    text,
    dateline: doc.date ?? null,
    createdBy: action.actor.name,
    createdAt: action.at,
  }
  const drafts: InboxDraft[] = made.map((m, position) => ({
    updateId: m.updateId,
    entryId: entry.id,
    position,
    role: m.draft.role,
    spans: m.draft.spans.map((s) => ({ start: s.start, end: s.end })),
    state: 'pending',
    decidedBy: null,
    decidedAt: null,
  }))
  const suggestions = suggestionsFor(claims, made, entry.id)
  await new InboxRepository(action.trx).insertEntry(entry, drafts, suggestions)
  return { id: entry.id, suggestions }
}
