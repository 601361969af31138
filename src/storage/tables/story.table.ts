/** @module storage/tables/story — the `story` and `story_revision` tables. */
import type { Insertable, Selectable, Updateable } from 'kysely'

export interface StoryTable {
  id: string
  slug: string
  title: string
  lead: string
  /** 0 or 1: booleans are integers on both dialects. */
  developing: number
  status: string
  version: number
  /** Per-story event counter, bumped in the transaction of each event. */
  last_seq: number
  created_at: string
  updated_at: string
}
export type StoryRow = Selectable<StoryTable>
export type InsertableStoryRow = Insertable<StoryTable>
export type UpdateableStoryRow = Updateable<StoryTable>

export interface StoryRevisionTable {
  story_id: string
  version: number
  /** JSON snapshot of the story's editable fields at this version. */
  snapshot: string
  actor: string
  created_at: string
}
export type StoryRevisionRow = Selectable<StoryRevisionTable>
