/** @module core/update — the Update: one entry of a live story, its revisions and its public life. */
import type { Role } from './role.js'
import { can } from './role.js'

export const UPDATE_STATUSES = ['draft', 'published', 'deleted'] as const
export type UpdateStatus = (typeof UPDATE_STATUSES)[number]

export const SOURCE_KINDS = [
  'government',
  'military',
  'armed_group',
  'agency',
  'media',
  'ngo',
  'think_tank',
  'official',
  'person',
  'other',
] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export interface Media {
  url: string
  caption: string
  credit: string
  alt: string
}

export interface RelatedLink {
  title: string
  url: string
}

export interface CitedSource {
  name: string
  url?: string
  kind: SourceKind
}

export interface Update {
  id: string
  storyId: string
  headline: string
  /** Markdown; rendered with raw HTML off. */
  body: string
  media: Media[]
  related: RelatedLink[]
  sources: CitedSource[]
  pinned: boolean
  keyEvent: boolean
  status: UpdateStatus
  author: string
  /**
   * Who made it (`ownerOf` the creating actor): a contributor may change only the drafts they
   * own. Absent for updates made by feeds and the CLI, and for those made before owners were kept.
   */
  createdBy?: string
  version: number
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  /** Last time the content of the published update changed; readers see an "edited" marker. */
  editedAt: string | null
  deletedAt: string | null
}

/** What a writer may set on an update. */
export type UpdateContent = Pick<
  Update,
  'headline' | 'body' | 'media' | 'related' | 'sources' | 'pinned' | 'keyEvent'
>
export type UpdateChanges = Partial<UpdateContent> & { status?: 'draft' | 'published' }

/** Public event types an update change produces. Drafts are not public: their changes produce none. */
export type UpdateEventType =
  'update.published' | 'update.edited' | 'update.pinned' | 'update.deleted'

const CONTENT_KEYS = ['headline', 'body', 'media', 'related', 'sources'] as const
const FLAG_KEYS = ['pinned', 'keyEvent'] as const

/** Applies changes to an update; says which kinds of field changed. */
export function applyUpdateChanges(
  update: Update,
  changes: UpdateChanges,
): { next: Update; contentChanged: boolean; flagsChanged: boolean; statusChanged: boolean } {
  const next: Update = { ...update }
  let contentChanged = false
  let flagsChanged = false
  for (const key of CONTENT_KEYS) {
    const value = changes[key]
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(update[key])) {
      ;(next as unknown as Record<string, unknown>)[key] = value
      contentChanged = true
    }
  }
  for (const key of FLAG_KEYS) {
    const value = changes[key]
    if (value !== undefined && value !== update[key]) {
      next[key] = value
      flagsChanged = true
    }
  }
  const statusChanged = changes.status !== undefined && changes.status !== update.status
  if (statusChanged && changes.status) next.status = changes.status
  return { next, contentChanged, flagsChanged, statusChanged }
}

/**
 * The public event an edit produces, if any: a draft that becomes public is `published`;
 * a flag-only change of a public update is `pinned`; other changes are `edited`.
 */
export function eventForEdit(
  before: Update,
  after: Update,
  contentChanged: boolean,
  flagsChanged: boolean,
): UpdateEventType | undefined {
  if (after.status !== 'published') return undefined
  if (before.status !== 'published') return 'update.published'
  if (contentChanged) return 'update.edited'
  if (flagsChanged) return 'update.pinned'
  return undefined
}

/** Why a role may not make an edit, or undefined when it may. */
export function forbiddenEdit(
  role: Role,
  before: Update | undefined,
  after: Pick<Update, 'status' | 'pinned' | 'keyEvent'>,
): string | undefined {
  if (!can(role, 'update.draft')) return 'Only contributors, editors and admins may write updates'
  if (after.status === 'published' && !can(role, 'update.publish'))
    return 'Contributors may only write drafts; an editor publishes'
  if (before && before.status === 'published' && !can(role, 'update.editPublished'))
    return 'Contributors may not edit published updates'
  const pinChanged = before
    ? before.pinned !== after.pinned || before.keyEvent !== after.keyEvent
    : after.pinned || after.keyEvent
  if (pinChanged && !can(role, 'update.pin'))
    return 'Only editors may pin updates or mark key events'
  return undefined
}
