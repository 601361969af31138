/**
 * @module server/desk/presence-hub — who is on a story in the desk and which update each is editing.
 * Soft locks: they inform, never block. In-process; with several server processes each knows
 * its own desk users only (decision 0014).
 */
import type { ServerResponse } from 'node:http'

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

interface Channel {
  people: Map<string, Presence>
  sockets: Set<ServerResponse>
}

export class PresenceHub {
  private readonly channels = new Map<string, Channel>()
  private readonly heartbeat: NodeJS.Timeout

  constructor(heartbeatMs: number) {
    this.heartbeat = setInterval(() => {
      for (const channel of this.channels.values())
        for (const socket of channel.sockets) socket.write(': heartbeat\n\n')
    }, heartbeatMs)
    this.heartbeat.unref()
  }

  /** Opens a presence stream; the person is present for as long as it stays open. */
  open(storyId: string, person: Omit<Presence, 'editing' | 'since'>, socket: ServerResponse): void {
    const channel = this.channel(storyId)
    socket.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    socket.write('retry: 2000\n\n')
    channel.sockets.add(socket)
    channel.people.set(person.client, { ...person, editing: null, since: new Date().toISOString() })
    socket.on('close', () => {
      channel.sockets.delete(socket)
      channel.people.delete(person.client)
      if (channel.sockets.size === 0) this.channels.delete(storyId)
      else this.broadcast(channel)
    })
    this.broadcast(channel)
  }

  /** Says which update a client is editing; false when that client has no open stream. */
  setEditing(storyId: string, client: string, userId: string, editing: string | null): boolean {
    const person = this.channels.get(storyId)?.people.get(client)
    if (!person || person.userId !== userId) return false
    if (person.editing !== editing) {
      person.editing = editing
      person.since = new Date().toISOString()
      this.broadcast(this.channel(storyId))
    }
    return true
  }

  list(storyId: string): Presence[] {
    return [...(this.channels.get(storyId)?.people.values() ?? [])]
  }

  closeAll(): void {
    clearInterval(this.heartbeat)
    for (const channel of this.channels.values()) for (const socket of channel.sockets) socket.end()
    this.channels.clear()
  }

  private channel(storyId: string): Channel {
    let channel = this.channels.get(storyId)
    if (!channel) {
      channel = { people: new Map(), sockets: new Set() }
      this.channels.set(storyId, channel)
    }
    return channel
  }

  private broadcast(channel: Channel): void {
    const frame = `event: presence\ndata: ${JSON.stringify({ people: [...channel.people.values()] })}\n\n`
    for (const socket of channel.sockets) socket.write(frame)
  }
}
