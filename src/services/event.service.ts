/** @module services/event — reading a story's event log, for replay to reconnecting readers. */
import type { StoryEvent } from '../core/story-event.js'
import type { Db } from '../storage/db.js'
import { StoryEventRepository } from '../storage/repositories/story-event.repository.js'
import { StoryRepository } from '../storage/repositories/story.repository.js'

export class EventService {
  constructor(private readonly db: Db) {}

  /** The story's id and latest event number, or undefined when there is no such story. */
  async findStoryHead(slug: string): Promise<{ id: string; lastSeq: number } | undefined> {
    const story = await new StoryRepository(this.db.kysely).findBySlug(slug)
    return story && { id: story.id, lastSeq: story.lastSeq }
  }

  async lastSeq(storyId: string): Promise<number> {
    const story = await new StoryRepository(this.db.kysely).findById(storyId)
    return story?.lastSeq ?? 0
  }

  /** Events with `after < seq <= upTo`, in order. */
  listEvents(storyId: string, after: number, upTo?: number): Promise<StoryEvent[]> {
    return new StoryEventRepository(this.db.kysely).listRange(storyId, after, upTo)
  }

  /**
   * A bounded page of the events after `after` (up to `upTo`): at most `limit` events and, past
   * the first, at most `maxBytes` of event data, so a reader replaying a long story costs one page
   * of memory at a time.
   */
  listEventPage(
    storyId: string,
    after: number,
    options: { upTo?: number; limit: number; maxBytes: number },
  ): Promise<StoryEvent[]> {
    return new StoryEventRepository(this.db.kysely).listPage(storyId, after, options)
  }
}
