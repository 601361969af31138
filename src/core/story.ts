/** @module core/story — the Story: a developing situation with a lead that editors keep rewriting. */
import anyAscii from 'any-ascii'

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
 * Turns a title into a URL slug of lower case ASCII letters, digits and dashes, transliterating
 * every script (any-ascii's romanizations: Cyrillic, Greek, Arabic, Han, emoji names…). Empty
 * when nothing in the title can be written so; the caller then makes a unique one.
 * @example slugify('Soledar: fate of the town') // 'soledar-fate-of-the-town'
 * @example slugify('Війна в Україні') // 'viyna-v-ukraini'
 */
export function slugify(title: string): string {
  return (
    anyAscii(title.normalize('NFC'))
      .toLowerCase()
      // "Zoe's" reads as one word, not two.
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 72)
      .replace(/-+$/g, '')
  )
}

/**
 * Slugs to try for a title, in order: the title's own, then numbered ones; a title with nothing
 * to transliterate gets `story-` and a random part, so no two stories ever share a fallback.
 */
export function slugCandidates(title: string, random: () => string): string[] {
  const base = slugify(title)
  if (!base) return [`story-${random()}`]
  return [base, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${base}-${n}`), `${base}-${random()}`]
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
