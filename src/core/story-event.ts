/** @module core/story-event — StoryEvent: every public change to a story, numbered per story. */

export const STORY_EVENT_TYPES = [
  'update.published',
  'update.edited',
  'update.deleted',
  'update.pinned',
  'story.updated',
  'claim.created',
  'claim.updated',
  'attribution.added',
  'attribution.corrected',
  'attribution.withdrawn',
] as const
export type StoryEventType = (typeof STORY_EVENT_TYPES)[number]

/**
 * A committed event. `data` is the JSON sent to readers as the SSE `data:` line, serialised once
 * when the event is written so that fan-out never serialises again.
 */
export interface StoryEvent {
  storyId: string
  seq: number
  type: StoryEventType
  /** JSON text: `{ type, seq, slug, at, update | story | claim (+ attribution) }`. */
  data: string
  /** Commit time, ISO 8601. */
  at: string
}

/** Where a reconnecting reader stands relative to what the server keeps. */
export type ResumePlan = { kind: 'live' } | { kind: 'replay'; after: number } | { kind: 'reset' }

/**
 * Decides how to serve a reader that says it has seen `lastEventId`.
 * Within the window it replays exactly what was missed; too old, or from a future the server never
 * wrote (a restored database), it must reset.
 */
export function planResume(
  lastEventId: number | undefined,
  lastSeq: number,
  window: number,
): ResumePlan {
  if (lastEventId === undefined) return { kind: 'live' }
  if (!Number.isInteger(lastEventId) || lastEventId < 0 || lastEventId > lastSeq)
    return { kind: 'reset' }
  if (lastSeq - lastEventId > window) return { kind: 'reset' }
  if (lastEventId === lastSeq) return { kind: 'live' }
  return { kind: 'replay', after: lastEventId }
}

/** Parses a Last-Event-ID value; undefined when absent, NaN when unreadable. */
export function parseLastEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
}
