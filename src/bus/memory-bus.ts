/** @module bus/memory-bus — the embedded default: an in-process bus for a single server process. */
import type { StoryEvent } from '../core/story-event.js'
import type { Bus, BusHandler } from './bus.js'

export class MemoryBus implements Bus {
  private readonly handlers = new Set<BusHandler>()

  publish(event: StoryEvent): Promise<void> {
    for (const handler of this.handlers) handler(event)
    return Promise.resolve()
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  onResync(): void {
    // Nothing is ever missed in-process.
  }

  ping(): Promise<void> {
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.handlers.clear()
    return Promise.resolve()
  }
}
