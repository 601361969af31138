/** @module storage/tables/story-event — the `story_event` table: the per-story public change log. */
import type { Selectable } from 'kysely'

export interface StoryEventTable {
  story_id: string
  seq: number
  type: string
  /** The SSE data JSON, serialised once at write time. */
  data: string
  created_at: string
}
export type StoryEventRow = Selectable<StoryEventTable>
