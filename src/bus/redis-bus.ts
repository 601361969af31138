/** @module bus/redis-bus — scale-out: events published on one process reach readers of all of them. */
import { Redis } from 'ioredis'
import type { StoryEvent } from '../core/story-event.js'
import { AppError } from '../errors.js'
import type { Bus, BusHandler } from './bus.js'

/** One channel per deployment: two deployments sharing a Redis must not hear each other's events. */
export const busChannel = (namespace: string): string => `sitrep:${namespace}:events`

/** One publishing connection and one subscribing connection (Redis forbids commands on a subscriber). */
export class RedisBus implements Bus {
  private readonly publisher: Redis
  private readonly subscriber: Redis
  private readonly handlers = new Set<BusHandler>()
  private readonly resyncHandlers: Array<() => void> = []
  private subscribedOnce = false
  private readonly channel: string

  constructor(
    url: string,
    namespace: string,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.channel = busChannel(namespace)
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false })
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null })
    this.publisher.on('error', this.onError)
    this.subscriber.on('error', this.onError)
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return
      let event: StoryEvent
      try {
        event = JSON.parse(message) as StoryEvent
      } catch {
        return
      }
      for (const handler of this.handlers) handler(event)
    })
    // ioredis re-subscribes after a reconnect; messages sent while it was away are gone, so the
    // stream hub is told to re-read the database.
    this.subscriber.on('ready', () => {
      if (this.subscribedOnce) for (const handler of this.resyncHandlers) handler()
    })
  }

  /** Resolves once the subscription is active, so no event published after it is missed. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel)
    this.subscribedOnce = true
  }

  async publish(event: StoryEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event))
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler)
  }

  /** Fails at once while either connection is down, rather than waiting for a reconnect. */
  async ping(): Promise<void> {
    for (const connection of [this.publisher, this.subscriber])
      if (connection.status !== 'ready')
        throw new AppError('SERVICE_UNAVAILABLE', `The Redis connection is ${connection.status}`)
    await this.publisher.ping()
  }

  async close(): Promise<void> {
    this.handlers.clear()
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()])
  }
}
