/** @module bus — how committed events reach every server process's readers. */
import type { StoryEvent } from '../core/story-event.js'

export type BusHandler = (event: StoryEvent) => void

/**
 * Delivers committed events to every subscriber in every process. Delivery is best-effort and
 * at-least-once at most: the stream hub fills any gap from the database, so a lost or late
 * message delays an event but never loses it.
 */
export interface Bus {
  publish(event: StoryEvent): Promise<void>
  /** Registers a handler; returns the function that removes it. */
  subscribe(handler: BusHandler): () => void
  /** Called after the bus (re)connects, when messages may have been missed meanwhile. */
  onResync(handler: () => void): void
  ping(): Promise<void>
  close(): Promise<void>
}
