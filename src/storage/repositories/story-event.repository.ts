/** @module storage/repositories/story-event — the per-story event log readers replay from. */
import type { StoryEvent, StoryEventType } from '../../core/story-event.js'
import type { Executor } from '../db.js'
import type { StoryEventRow } from '../tables/story-event.table.js'

const rowToEvent = (row: StoryEventRow): StoryEvent => ({
  storyId: row.story_id,
  seq: row.seq,
  type: row.type as StoryEventType,
  data: row.data,
  at: row.created_at,
})

export class StoryEventRepository {
  constructor(private readonly db: Executor) {}

  async insert(event: StoryEvent): Promise<void> {
    await this.db
      .insertInto('story_event')
      .values({
        story_id: event.storyId,
        seq: event.seq,
        type: event.type,
        data: event.data,
        created_at: event.at,
      })
      .execute()
  }

  /** Events with `after < seq <= upTo`, in order. */
  async listRange(storyId: string, after: number, upTo?: number): Promise<StoryEvent[]> {
    let query = this.db
      .selectFrom('story_event')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('seq', '>', after)
    if (upTo !== undefined) query = query.where('seq', '<=', upTo)
    const rows = await query.orderBy('seq', 'asc').execute()
    return rows.map(rowToEvent)
  }
}
