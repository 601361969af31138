/** @module core/story — the Story: a developing situation with a lead that editors keep rewriting. */

export const STORY_STATUSES = ['live', 'paused', 'ended'] as const
export type StoryStatus = (typeof STORY_STATUSES)[number]

export interface Story {
  id: string
  slug: string
  title: string
  /** Markdown; rendered with raw HTML off. */
  lead: string
  developing: boolean
  status: StoryStatus
  /** Bumped by every change to title, lead, flag or status (If-Match on edits). */
  version: number
  /** Sequence number of the story's latest event; 0 before the first. */
  lastSeq: number
  createdAt: string
  updatedAt: string
}

/** The fields an edit of the story may change. */
export type StoryChanges = Partial<Pick<Story, 'title' | 'lead' | 'developing' | 'status'>>

/**
 * Turns a title into a URL slug: lower case ASCII letters, digits and dashes.
 * @example slugify('Soledar: fate of the town') // 'soledar-fate-of-the-town'
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
  return slug || 'story'
}

export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'

/** Applies changes and reports whether anything actually changed. */
export function applyStoryChanges(
  story: Story,
  changes: StoryChanges,
): { next: Story; changed: boolean } {
  const next = { ...story }
  let changed = false
  for (const key of ['title', 'lead', 'developing', 'status'] as const) {
    const value = changes[key]
    if (value !== undefined && value !== story[key]) {
      ;(next as unknown as Record<string, unknown>)[key] = value
      changed = true
    }
  }
  return { next, changed }
}
