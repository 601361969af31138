/** @module storage/repositories/story-event — the per-story event log readers replay from. */
import { sql } from 'kysely'
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

  /**
   * The next events after `after` (up to `upTo`), at most `limit` of them and, past the first,
   * no more than `maxBytes` of data in all. The sizes are read first (the database knows them
   * without handing over the data), so a page never loads more than it may keep.
   */
  async listPage(
    storyId: string,
    after: number,
    options: { upTo?: number; limit: number; maxBytes: number },
  ): Promise<StoryEvent[]> {
    let sizes = this.db
      .selectFrom('story_event')
      .select(['seq', sql<number | string>`octet_length(data)`.as('bytes')])
      .where('story_id', '=', storyId)
      .where('seq', '>', after)
    if (options.upTo !== undefined) sizes = sizes.where('seq', '<=', options.upTo)
    const rows = await sizes.orderBy('seq', 'asc').limit(options.limit).execute()
    let last: number | undefined
    let total = 0
    for (const row of rows) {
      total += Number(row.bytes)
      if (last !== undefined && total > options.maxBytes) break
      last = row.seq
    }
    return last === undefined ? [] : this.listRange(storyId, after, last)
  }
}
