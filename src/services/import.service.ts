/** @module services/import — wire copy, Markdown and HTML in: draft updates for review, each piece made once. */
import { createHash } from 'node:crypto'
import type { Actor } from '../core/role.js'
import { can } from '../core/role.js'
import { AppError, type ErrorCode } from '../errors.js'
import {
  detectFormat,
  parseImport,
  toDraftUpdates,
  type DraftUpdate,
} from '../ingest/draft-updates.js'
import type { ImportFormat } from '../ingest/imported-document.js'
import type { Db } from '../storage/db.js'
import { ImportRecordRepository } from '../storage/repositories/import-record.repository.js'
import { StoryRepository } from '../storage/repositories/story.repository.js'
import type { Clock } from './services.js'
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

export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly updates: UpdateService,
  ) {}

  /**
   * Imports one text as drafts (never published). Each draft is claimed by its content hash
   * first, so the same text imported twice, or by two desks at once, makes each draft once.
   */
  async importText(actor: Actor, slug: string, input: ImportInput): Promise<ImportReport> {
    if (!can(actor.role, 'update.draft'))
      throw new AppError('AUTH_FORBIDDEN', 'Only contributors, editors and admins may import')
    const story = await new StoryRepository(this.db.kysely).findBySlug(slug)
    if (!story) throw new AppError('STORY_NOT_FOUND', `No story with the slug "${slug}"`)
    const skip = (code: ErrorCode, message?: string): ImportReport => ({
      imported: [],
      skipped: [{ file: input.origin, code, message: message ?? new AppError(code).message }],
    })
    if (input.text.length > MAX_IMPORT_CHARS) return skip('IMPORT_TOO_LARGE')
    if (input.text.trim() === '') return skip('IMPORT_EMPTY')

    const format = input.format ?? detectFormat(input.text, input.origin)
    const doc = parseImport(input.text, format)
    const drafts = toDraftUpdates(doc)
    if (drafts.length === 0) return skip('IMPORT_EMPTY')

    const records = new ImportRecordRepository(this.db.kysely)
    const report: ImportFileReport = {
      file: input.origin,
      format,
      date: doc.date ?? null,
      drafts: [],
      duplicates: 0,
      boilerplate_chars: doc.remainder
        .filter((r) => r.reason === 'boilerplate')
        .reduce((n, r) => n + r.text.length, 0),
    }
    for (const draft of drafts) {
      const contentHash = draftHash(draft)
      const claimed = await records.claim({
        storyId: story.id,
        contentHash,
        updateId: null,
        role: draft.role,
        origin: input.origin.slice(0, 500),
        actor: actor.name,
        createdAt: this.clock().toISOString(),
      })
      if (!claimed) {
        report.duplicates++
        continue
      }
      try {
        const update = await this.updates.createUpdate(actor, slug, {
          headline: draft.headline,
          body: draft.body,
          media: draft.media,
          related: draft.related,
          status: 'draft',
        })
        await records.complete(story.id, contentHash, update.id)
        report.drafts.push({ id: update.id, role: draft.role, headline: update.headline })
      } catch (error) {
        await records.release(story.id, contentHash)
        throw error
      }
    }
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
