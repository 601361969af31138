/** @module services/event-writer — appends a story event inside the caller's transaction. */
import type { StoryEvent, StoryEventType } from '../core/story-event.js'
import type { Executor } from '../storage/db.js'
import { StoryEventRepository } from '../storage/repositories/story-event.repository.js'
import { StoryRepository } from '../storage/repositories/story.repository.js'

/**
 * Numbers and stores one event in the same transaction as the change it describes
 * (invariant 1). The JSON readers receive is built here, once.
 */
export async function appendEvent(
  trx: Executor,
  story: { id: string; slug: string },
  type: StoryEventType,
  payload: (
    seq: number,
  ) =>
    | { update: unknown }
    | { story: unknown }
    | { claim: unknown; attribution?: unknown; statements?: unknown },
  at: string,
): Promise<StoryEvent> {
  const seq = await new StoryRepository(trx).nextSeq(story.id, at)
  const event: StoryEvent = {
    storyId: story.id,
    seq,
    type,
    // Shape of every `data:` line: { type, seq, slug, at, update | story | claim (+ attribution) }.
    data: JSON.stringify({ type, seq, slug: story.slug, at, ...payload(seq) }),
    at,
  }
  await new StoryEventRepository(trx).insert(event)
  return event
}
