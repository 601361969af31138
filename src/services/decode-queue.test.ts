import { describe, expect, it } from 'vitest'
import { isAppError } from '../errors.js'
import { DecodeQueue } from './media.service.js'

/** A job that runs until `finish()` is called, recording how many ran at once. */
function jobs() {
  let running = 0
  let peak = 0
  const order: number[] = []
  const finishers: Array<() => void> = []
  const job = (n: number) => () =>
    new Promise<number>((resolve) => {
      running++
      peak = Math.max(peak, running)
      order.push(n)
      finishers.push(() => {
        running--
        resolve(n)
      })
    })
  const finishAll = async (): Promise<void> => {
    while (finishers.length > 0) {
      finishers.shift()!()
      await new Promise((r) => setImmediate(r))
    }
  }
  return { job, finishAll, peak: () => peak, order }
}

describe(DecodeQueue.name, () => {
  it('runs at most `limit` jobs at once, the rest in arrival order', async () => {
    const sut = new DecodeQueue(2, 10)
    const { job, finishAll, peak, order } = jobs()
    const results = Promise.all([1, 2, 3, 4, 5].map((n) => sut.run(job(n))))
    await new Promise((r) => setImmediate(r))
    expect(sut.running).toBe(2)
    expect(sut.queued).toBe(3)
    await finishAll()
    expect(await results).toEqual([1, 2, 3, 4, 5])
    expect(peak()).toBe(2)
    expect(order).toEqual([1, 2, 3, 4, 5])
    expect(sut.running).toBe(0)
  })

  it('refuses with MEDIA_BUSY once the line is full, and frees a slot when a job fails', async () => {
    const sut = new DecodeQueue(1, 1)
    const { job, finishAll } = jobs()
    const first = sut.run(job(1))
    const second = sut.run(job(2))
    const refused = await sut.run(job(3)).catch((e: unknown) => e)
    expect(isAppError(refused) && refused.code).toBe('MEDIA_BUSY')
    await finishAll()
    await Promise.all([first, second])
    await expect(sut.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect(sut.running).toBe(0)
    expect(await sut.run(() => Promise.resolve('after'))).toBe('after')
  })
})
