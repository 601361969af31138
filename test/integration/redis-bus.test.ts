/** The Redis bus on a real Redis: deployments sharing one Redis hear only their own events. */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { RedisBus } from '../../src/bus/redis-bus.js'
import type { StoryEvent } from '../../src/core/story-event.js'
import { TEST_REDIS_URL } from '../helpers/backends.js'

const event = (storyId: string, seq: number): StoryEvent => ({
  storyId,
  seq,
  type: 'update.published',
  data: '{}',
  at: new Date().toISOString(),
})

describe.skipIf(!TEST_REDIS_URL)(RedisBus.name, () => {
  const buses: RedisBus[] = []
  const open = async (namespace: string): Promise<{ bus: RedisBus; got: StoryEvent[] }> => {
    const bus = new RedisBus(TEST_REDIS_URL!, namespace)
    buses.push(bus)
    await bus.start()
    const got: StoryEvent[] = []
    bus.subscribe((e) => got.push(e))
    return { bus, got }
  }
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()))
  })

  it('delivers events only within a namespace', async () => {
    const suffix = randomBytes(4).toString('hex')
    const a1 = await open(`a-${suffix}`)
    const a2 = await open(`a-${suffix}`)
    const b = await open(`b-${suffix}`)
    await a1.bus.publish(event('story-a', 1))
    await b.bus.publish(event('story-b', 1))
    await expect.poll(() => a2.got.length).toBe(1)
    await expect.poll(() => b.got.length).toBe(1)
    // A marker published after the others: once it is heard, a stray message would have been too.
    await a1.bus.publish(event('marker', 2))
    await b.bus.publish(event('marker', 2))
    await expect.poll(() => a2.got.length).toBe(2)
    await expect.poll(() => b.got.length).toBe(2)
    expect(a1.got.map((e) => e.storyId)).toEqual(['story-a', 'marker'])
    expect(a2.got.map((e) => e.storyId)).toEqual(['story-a', 'marker'])
    expect(b.got.map((e) => e.storyId)).toEqual(['story-b', 'marker'])
  })
})
