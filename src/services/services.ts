/** @module services — builds every service over one database and bus. */
import type { Bus } from '../bus/bus.js'
import type { StoryEvent } from '../core/story-event.js'
import type { Db } from '../storage/db.js'
import { EventService } from './event.service.js'
import { ExportService } from './export.service.js'
import { StoryService } from './story.service.js'
import { TokenService } from './token.service.js'
import { UpdateService } from './update.service.js'

/** Injected so tests and imports can control time. */
export type Clock = () => Date

/** Hands committed events to the bus. Runs after commit, never inside a transaction. */
export type Announce = (events: StoryEvent[]) => void

export interface Services {
  stories: StoryService
  updates: UpdateService
  events: EventService
  tokens: TokenService
  exports: ExportService
}

export function createServices(
  db: Db,
  bus: Bus,
  options: { clock?: Clock; onBusError?: (error: unknown) => void } = {},
): Services {
  const clock = options.clock ?? (() => new Date())
  const announce: Announce = (events) => {
    for (const event of events) {
      // The write is already durable; a bus failure only delays readers, who catch up from the log.
      bus.publish(event).catch((error: unknown) => options.onBusError?.(error))
    }
  }
  return {
    stories: new StoryService(db, clock, announce),
    updates: new UpdateService(db, clock, announce),
    events: new EventService(db),
    tokens: new TokenService(db, clock),
    exports: new ExportService(db),
  }
}
