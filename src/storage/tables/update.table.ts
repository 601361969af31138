/** @module storage/tables/update — the `story_update` and `update_revision` tables. */
import type { Insertable, Selectable, Updateable } from 'kysely'

export interface StoryUpdateTable {
  id: string
  story_id: string
  headline: string
  body: string
  /** JSON arrays. */
  media: string
  related: string
  sources: string
  pinned: number
  key_event: number
  status: string
  author: string
  /** `token:<id>` or `user:<id>`; null for updates made by feeds and the CLI, and older ones. */
  created_by: string | null
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  edited_at: string | null
  deleted_at: string | null
  /** Ordering key, newest first: publication time once published, creation time before. */
  sort_at: string
}
export type StoryUpdateRow = Selectable<StoryUpdateTable>
export type InsertableStoryUpdateRow = Insertable<StoryUpdateTable>
export type UpdateableStoryUpdateRow = Updateable<StoryUpdateTable>

export interface UpdateRevisionTable {
  update_id: string
  version: number
  /** JSON snapshot of the whole update at this version. */
  snapshot: string
  actor: string
  created_at: string
}
export type UpdateRevisionRow = Selectable<UpdateRevisionTable>
