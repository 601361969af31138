import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { PresenceHub } from './presence-hub.js'

/** A stand-in for an HTTP response that keeps what was written and lets a test set its backlog. */
class FakeResponse extends EventEmitter {
  text = ''
  writableLength = 0
  destroyed = false
  writableEnded = false
  writeHead(): this {
    return this
  }
  write(chunk: string): boolean {
    this.text += chunk
    return true
  }
  end(): void {
    this.writableEnded = true
    this.emit('close')
  }
  destroy(): void {
    this.destroyed = true
    this.emit('close')
  }
  events(): string[] {
    return [...this.text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!)
  }
}

const person = (client: string, userId = client) => ({
  client,
  userId,
  name: client,
  role: 'editor',
})
const signedIn = () => Promise.resolve(true)

describe(PresenceHub.name, () => {
  let sut: PresenceHub
  let dropped = 0
  const make = () =>
    new PresenceHub({
      heartbeatMs: 60_000,
      maxPerUser: 5,
      maxPerStory: 5,
      maxUnsentBytes: 1024,
      onSlowReader: () => dropped++,
    })
  afterEach(() => sut.closeAll())

  it('drops a stream whose unsent bytes pass the bound, and the others see it leave', () => {
    sut = make()
    const slow = new FakeResponse()
    const fast = new FakeResponse()
    sut.open('s', person('slow'), slow as unknown as ServerResponse, signedIn)
    sut.open('s', person('fast'), fast as unknown as ServerResponse, signedIn)
    slow.writableLength = 2048
    expect(sut.setEditing('s', 'fast', 'fast', 'new')).toBe(true)
    expect(slow.destroyed).toBe(true)
    expect(dropped).toBe(1)
    expect(fast.events().sort()).toEqual(['presence', 'presence.change', 'presence.leave'])
    expect(sut.list('s').map((p) => p.client)).toEqual(['fast'])
  })

  it('sends a join as one small frame to each other stream, not the whole list', () => {
    sut = make()
    const first = new FakeResponse()
    sut.open('s', person('a'), first as unknown as ServerResponse, signedIn)
    const before = first.text.length
    for (const c of ['b', 'c', 'd']) sut.open('s', person(c), new FakeResponse() as never, signedIn)
    const frames = first.text.slice(before).split('\n\n').filter(Boolean)
    expect(frames).toHaveLength(3)
    for (const f of frames) expect(f).not.toContain('"people"')
  })
})
