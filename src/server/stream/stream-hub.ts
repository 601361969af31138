/** @module server/stream/stream-hub — fans each story's events out to its SSE readers, in order, once each. */
import type { ServerResponse } from 'node:http'
import type { Bus } from '../../bus/bus.js'
import { planResume, type StoryEvent } from '../../core/story-event.js'
import type { EventService } from '../../services/event.service.js'

export interface StreamHubOptions {
  /** Events a reconnecting reader may replay before it must reset. */
  replayWindow: number
  heartbeatMs: number
  retryMs: number
  /** Unsent bytes a connection may queue before it is dropped (it resumes from its last id). */
  maxUnsentBytes: number
}

/**
 * How much of the log one step reads at a time. A replaying reader holds at most one page plus
 * what its socket has not taken (the unsent bound plus one frame): well under 1 MB each, however
 * long the story.
 */
const PAGE = { limit: 100, maxBytes: 256 * 1024 }

export interface StreamMetrics {
  connectionOpened(): void
  connectionClosed(): void
  fannedOut(count: number): void
  /** Seconds from commit to the write on the sockets. */
  publishToWrite(seconds: number): void
  slowReaderDropped(): void
}

/** The readers of one story and the last event they were all sent. */
class Channel {
  readonly readers = new Set<ServerResponse>()
  /** Readers replaying the log at their own pace; they get heartbeats while they are idle. */
  readonly replaying = new Set<ServerResponse>()
  /** Readers still catching up; the channel stays while any are. */
  joining = 0
  /** Last event number broadcast; undefined until the first reader arrives. */
  last: number | undefined
  /** Every step (join, broadcast, catch-up) runs in this one queue, so order never interleaves. */
  private queue: Promise<void> = Promise.resolve()

  constructor(readonly storyId: string) {}

  run(step: () => Promise<void>, onError: (error: unknown) => void): void {
    this.queue = this.queue.then(step).catch(onError)
  }
}

const HEARTBEAT = Buffer.from(':\n\n')

/** One SSE frame; `data` is already JSON on a single line. */
const frame = (seq: number, data: string): Buffer => Buffer.from(`id: ${seq}\ndata: ${data}\n\n`)

/** Still open and not ended: writing to it is safe. */
const writable = (res: ServerResponse): boolean => !res.destroyed && !res.writableEnded

/**
 * Resolves true when the socket has taken what was queued (or the connection is gone), false when
 * it took nothing for `stallMs`.
 */
const drained = (res: ServerResponse, stallMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      res.off('drain', onDrain)
      res.off('close', onDrain)
      resolve(ok)
    }
    const onDrain = (): void => done(true)
    const timer = setTimeout(() => done(false), stallMs)
    res.on('drain', onDrain)
    res.on('close', onDrain)
  })

export class StreamHub {
  private readonly channels = new Map<string, Channel>()
  /** Every open stream, joined or still joining, so a shutdown can end them all. */
  private readonly streams = new Set<ServerResponse>()
  private heartbeat: NodeJS.Timeout | undefined
  private unsubscribe: (() => void) | undefined
  private closing = false

  constructor(
    private readonly events: EventService,
    private readonly bus: Bus,
    private readonly options: StreamHubOptions,
    private readonly metrics: StreamMetrics,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event))
    this.bus.onResync(() => this.catchUpAll())
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs)
    this.heartbeat.unref()
  }

  get readerCount(): number {
    let n = 0
    for (const channel of this.channels.values()) n += channel.readers.size
    return n
  }

  /**
   * Starts an SSE response for a reader of `storyId` who has seen `lastEventId` (undefined: a
   * fresh reader who wants only what happens from now on).
   */
  open(
    storyId: string,
    lastEventId: number | undefined,
    res: ServerResponse,
    headers: Record<string, string>,
  ): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': '*',
      ...headers,
    })
    res.write(`retry: ${this.options.retryMs}\n:ok\n\n`)
    if (this.closing) {
      res.end('retry: 500\n\n')
      return
    }
    this.metrics.connectionOpened()
    this.streams.add(res)

    const channel = this.channelFor(storyId)
    channel.joining++
    let joining = true
    const leave = (): void => {
      if (joining) channel.joining--
      joining = false
      if (
        channel.readers.size === 0 &&
        channel.joining === 0 &&
        this.channels.get(storyId) === channel
      )
        this.channels.delete(storyId)
    }
    res.on('close', () => {
      this.metrics.connectionClosed()
      this.streams.delete(res)
      channel.readers.delete(res)
      channel.replaying.delete(res)
      leave()
    })
    const admit = (): void => {
      channel.readers.add(res)
      joining = false
      channel.joining--
    }
    const fail = (error: unknown): void => {
      this.onError(error)
      res.destroy()
    }

    /**
     * Joins the reader once it is at most a page behind: the rest is written inside the queue, so
     * nothing broadcast meanwhile is missed or doubled. Further behind, it replays first.
     */
    const join = (cursor: number): void =>
      channel.run(async () => {
        if (!writable(res)) return
        const last = channel.last ?? cursor
        if (last - cursor > PAGE.limit) {
          this.replay(channel, res, cursor).then(join, fail)
          return
        }
        await this.eachEvent(storyId, cursor, last, (event) =>
          this.write(res, frame(event.seq, event.data)),
        )
        if (writable(res)) admit()
      }, fail)

    channel.run(
      async () => {
        if (!writable(res)) return
        channel.last ??= await this.events.lastSeq(storyId)
        if (lastEventId !== undefined && lastEventId > channel.last) {
          // The reader saw events (through another process) whose bus messages have not reached
          // this one yet: catch the channel up from the log before judging it "from the future".
          await this.eachEvent(storyId, channel.last, undefined, (missed) =>
            this.broadcast(channel, missed),
          )
        }
        const plan = planResume(lastEventId, channel.last, this.options.replayWindow)
        if (plan.kind === 'reset') {
          this.write(
            res,
            frame(
              channel.last,
              JSON.stringify({
                type: 'reset',
                seq: channel.last,
                reason: 'missed events are no longer kept; reload the story',
              }),
            ),
          )
        } else if (plan.kind === 'replay') {
          // The replay goes at the reader's pace, outside the queue: written in one go it would
          // pass the unsent bound and be dropped (again on every reconnect), and waiting for the
          // reader inside the queue would hold up the others. Then it joins with what came since.
          this.replay(channel, res, plan.after).then(join, fail)
          return
        }
        if (writable(res)) admit()
      },
      (error) => fail(error),
    )
  }

  /**
   * Writes the events after `after` up to what the channel has broadcast, a page at a time, at the
   * reader's pace: it waits while the socket holds the unsent bound, and drops a reader that takes
   * nothing for two heartbeats (it resumes from its last id). Returns the last event written.
   */
  private async replay(channel: Channel, res: ServerResponse, after: number): Promise<number> {
    const stallMs = 2 * this.options.heartbeatMs
    let cursor = after
    channel.replaying.add(res)
    try {
      while (writable(res) && cursor < (channel.last ?? cursor)) {
        const page = await this.events.listEventPage(channel.storyId, cursor, {
          upTo: channel.last,
          ...PAGE,
        })
        if (page.length === 0) break
        for (const event of page) {
          // 'drain' comes only after a write found the buffer full, hence both conditions.
          const full = res.writableNeedDrain && res.writableLength >= this.options.maxUnsentBytes
          if (full && !(await drained(res, stallMs))) {
            this.metrics.slowReaderDropped()
            res.destroy()
          }
          if (!writable(res)) return cursor
          res.write(frame(event.seq, event.data))
          cursor = event.seq
        }
      }
      return cursor
    } finally {
      channel.replaying.delete(res)
    }
  }

  /** Calls `each` for the events in `(after, upTo]` (no upper end: all), one bounded page at a time. */
  private async eachEvent(
    storyId: string,
    after: number,
    upTo: number | undefined,
    each: (event: StoryEvent) => void,
  ): Promise<void> {
    let cursor = after
    for (;;) {
      if (upTo !== undefined && cursor >= upTo) return
      const page = await this.events.listEventPage(storyId, cursor, { upTo, ...PAGE })
      if (page.length === 0) return
      for (const event of page) each(event)
      cursor = page[page.length - 1]!.seq
    }
  }

  /** Ends every stream with a short retry hint, so readers reconnect (to this or another process). */
  closeAll(): void {
    this.closing = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.unsubscribe?.()
    // Readers still joining too: left open, they would hold the shutdown up for good.
    for (const res of this.streams) if (writable(res)) res.end('retry: 500\n\n')
    this.channels.clear()
  }

  private channelFor(storyId: string): Channel {
    let channel = this.channels.get(storyId)
    if (!channel) {
      channel = new Channel(storyId)
      this.channels.set(storyId, channel)
    }
    return channel
  }

  /** A committed event from the bus: broadcast it, first filling any gap from the log. */
  private receive(event: StoryEvent): void {
    const channel = this.channels.get(event.storyId)
    if (!channel || this.closing) return
    channel.run(async () => {
      if (channel.last === undefined || event.seq <= channel.last) return
      if (event.seq > channel.last + 1) {
        // Another process committed earlier numbers whose messages have not arrived (or never will).
        await this.eachEvent(channel.storyId, channel.last, event.seq - 1, (missed) =>
          this.broadcast(channel, missed),
        )
      }
      this.broadcast(channel, event)
    }, this.onError)
  }

  /** Re-reads the log for every channel: after a bus reconnect, and on each heartbeat as a safety net. */
  private catchUpAll(): void {
    for (const channel of this.channels.values()) {
      channel.run(async () => {
        if (channel.last === undefined) return
        await this.eachEvent(channel.storyId, channel.last, undefined, (missed) =>
          this.broadcast(channel, missed),
        )
      }, this.onError)
    }
  }

  private broadcast(channel: Channel, event: StoryEvent): void {
    if (channel.last !== undefined && event.seq <= channel.last) return
    channel.last = event.seq
    const bytes = frame(event.seq, event.data)
    for (const res of channel.readers) this.write(res, bytes)
    this.metrics.fannedOut(channel.readers.size)
    this.metrics.publishToWrite(Math.max(0, Date.now() - Date.parse(event.at)) / 1000)
  }

  private beat(): void {
    for (const channel of this.channels.values()) {
      for (const res of channel.readers) this.write(res, HEARTBEAT)
      // A replaying reader with bytes in flight is not idle; one waiting on the log gets a beat.
      for (const res of channel.replaying) if (res.writableLength === 0) this.write(res, HEARTBEAT)
    }
    this.catchUpAll()
  }

  /**
   * Writes, and drops a reader whose unsent bytes pass the bound instead of buffering without limit.
   * The bound applies to what is still queued from earlier frames: a single frame larger than the
   * bound must reach a reader that keeps up, or that reader would be dropped (and, replaying the
   * same frame on reconnect, dropped again) forever. A connection holds at most the bound plus one
   * frame.
   */
  private write(res: ServerResponse, bytes: Buffer): void {
    if (!writable(res)) return
    if (res.writableLength > this.options.maxUnsentBytes) {
      this.metrics.slowReaderDropped()
      res.destroy()
      return
    }
    res.write(bytes)
  }
}
