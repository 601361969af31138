/**
 * @module server/desk/presence-hub — who is on a story in the desk and which update each is editing.
 * Soft locks: they inform, never block. In-process; with several server processes each knows
 * its own desk users only (decision 0014). Bounded: streams per user and per story are capped,
 * changes go out as small diffs, and a reader that stops reading is dropped (decision 0049).
 */
import type { ServerResponse } from 'node:http'
import { AppError } from '../../errors.js'

export interface Presence {
  /** One per browser tab. */
  client: string
  userId: string
  name: string
  role: string
  /** The update being edited, `new` for the composer, or null. */
  editing: string | null
  since: string
}

export interface PresenceOptions {
  heartbeatMs: number
  /** Presence streams one user may hold open in this process, over all stories. */
  maxPerUser: number
  /** Presence streams one story may have in this process. */
  maxPerStory: number
  /** Unsent bytes a presence stream may queue before it is dropped, as on the public stream. */
  maxUnsentBytes: number
  /** Counts a dropped slow reader. */
  onSlowReader?: () => void
}

/** One open presence stream: the person it makes present and how to re-check its right to be. */
interface Stream {
  socket: ServerResponse
  person: Presence
  storyId: string
  /** Resolves false once the session behind the stream has ended (sign-out, deactivation). */
  stillSignedIn: () => Promise<boolean>
}

interface Channel {
  /** By client id: one stream per tab. */
  streams: Map<string, Stream>
}

const HEARTBEAT = ': heartbeat\n\n'

/** Still open and not ended: writing to it is safe. */
const writable = (res: ServerResponse): boolean => !res.destroyed && !res.writableEnded

/**
 * The protocol: a new stream first gets `presence` with the whole list; after that every stream
 * gets only what changed: `presence.join` (a person), `presence.change` (a person whose editing
 * changed) and `presence.leave` (`{ client }`). A join costs each other stream one small frame
 * instead of the whole list.
 */
const frame = (event: string, data: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

export class PresenceHub {
  private readonly channels = new Map<string, Channel>()
  private readonly perUser = new Map<string, Set<Stream>>()
  private readonly heartbeat: NodeJS.Timeout

  constructor(private readonly options: PresenceOptions) {
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs)
    this.heartbeat.unref()
  }

  /**
   * Checks that a stream may open, before anything is written: throws `PRESENCE_TOO_MANY_STREAMS`
   * (429) past the per-user or per-story cap. A tab reconnecting under its own client id replaces
   * its old stream, so it does not count twice.
   */
  admit(storyId: string, person: Pick<Presence, 'client' | 'userId'>): void {
    const channel = this.channels.get(storyId)
    const replaced = channel?.streams.get(person.client)
    if (replaced && replaced.person.userId !== person.userId)
      throw new AppError('REQUEST_VALIDATION_FAILED', 'That client id is in use', {
        field: 'client',
      })
    const own = this.perUser.get(person.userId)?.size ?? 0
    const here = channel?.streams.size ?? 0
    if (own - (replaced ? 1 : 0) >= this.options.maxPerUser)
      throw new AppError(
        'PRESENCE_TOO_MANY_STREAMS',
        `You already have ${own} presence streams open, the most allowed; close a desk tab`,
        { scope: 'user', open: own, max: this.options.maxPerUser },
      )
    if (here - (replaced ? 1 : 0) >= this.options.maxPerStory)
      throw new AppError(
        'PRESENCE_TOO_MANY_STREAMS',
        `This story already has ${here} presence streams open, the most allowed`,
        { scope: 'story', open: here, max: this.options.maxPerStory },
      )
  }

  /** Opens a presence stream admitted by `admit`; the person is present while it stays open. */
  open(
    storyId: string,
    person: Omit<Presence, 'editing' | 'since'>,
    socket: ServerResponse,
    stillSignedIn: () => Promise<boolean>,
  ): void {
    const replaced = this.channels.get(storyId)?.streams.get(person.client)
    if (replaced) {
      this.remove(replaced, false)
      replaced.socket.end()
    }

    socket.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    socket.write('retry: 2000\n\n')
    const stream: Stream = {
      socket,
      storyId,
      stillSignedIn,
      person: { ...person, editing: null, since: new Date().toISOString() },
    }
    const target = this.channel(storyId)
    target.streams.set(person.client, stream)
    let mine = this.perUser.get(person.userId)
    if (!mine) {
      mine = new Set()
      this.perUser.set(person.userId, mine)
    }
    mine.add(stream)
    socket.on('close', () => this.remove(stream, true))

    this.write(socket, frame('presence', { people: this.list(storyId) }))
    this.broadcast(target, frame('presence.join', stream.person), stream)
  }

  /** Says which update a client is editing; false when that client has no open stream. */
  setEditing(storyId: string, client: string, userId: string, editing: string | null): boolean {
    const channel = this.channels.get(storyId)
    const stream = channel?.streams.get(client)
    if (!channel || !stream || stream.person.userId !== userId) return false
    if (stream.person.editing !== editing) {
      stream.person.editing = editing
      stream.person.since = new Date().toISOString()
      this.broadcast(channel, frame('presence.change', stream.person))
    }
    return true
  }

  list(storyId: string): Presence[] {
    return [...(this.channels.get(storyId)?.streams.values() ?? [])].map((s) => s.person)
  }

  /** Ends every presence stream of a user at once: on deactivation, their soft locks go too. */
  closeUser(userId: string): void {
    for (const stream of [...(this.perUser.get(userId) ?? [])]) {
      this.remove(stream, true)
      stream.socket.end()
    }
  }

  closeAll(): void {
    clearInterval(this.heartbeat)
    for (const channel of this.channels.values())
      for (const stream of channel.streams.values()) stream.socket.end()
    this.channels.clear()
    this.perUser.clear()
  }

  /** Takes a stream out once; with `announce`, tells the others the person left. */
  private remove(stream: Stream, announce: boolean): void {
    const channel = this.channels.get(stream.storyId)
    const mine = this.perUser.get(stream.person.userId)
    mine?.delete(stream)
    if (mine?.size === 0) this.perUser.delete(stream.person.userId)
    if (!channel || channel.streams.get(stream.person.client) !== stream) return
    channel.streams.delete(stream.person.client)
    if (channel.streams.size === 0) this.channels.delete(stream.storyId)
    else if (announce)
      this.broadcast(channel, frame('presence.leave', { client: stream.person.client }))
  }

  private channel(storyId: string): Channel {
    let channel = this.channels.get(storyId)
    if (!channel) {
      channel = { streams: new Map() }
      this.channels.set(storyId, channel)
    }
    return channel
  }

  private broadcast(channel: Channel, text: string, except?: Stream): void {
    for (const stream of [...channel.streams.values()])
      if (stream !== except) this.write(stream.socket, text)
  }

  /** Writes, and drops a stream whose unsent bytes pass the bound instead of buffering without limit. */
  private write(socket: ServerResponse, text: string): void {
    if (!writable(socket)) return
    if (socket.writableLength > this.options.maxUnsentBytes) {
      this.options.onSlowReader?.()
      socket.destroy()
      return
    }
    socket.write(text)
  }

  /**
   * Heartbeats, and a check that every stream's session still holds: a user deactivated or signed
   * out elsewhere (another process, the CLI) leaves within one heartbeat.
   */
  private async beat(): Promise<void> {
    const streams = [...this.channels.values()].flatMap((c) => [...c.streams.values()])
    for (const stream of streams) this.write(stream.socket, HEARTBEAT)
    for (const stream of streams) {
      let ok = true
      try {
        ok = await stream.stillSignedIn()
      } catch {
        // The database is briefly away: keep the stream, check again on the next beat.
      }
      if (!ok) {
        this.remove(stream, true)
        stream.socket.end()
      }
    }
  }
}
