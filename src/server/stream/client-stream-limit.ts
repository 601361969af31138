/** @module server/stream/client-stream-limit — how many streams each client address holds open, so one client cannot hold thousands. */
import type { ServerResponse } from 'node:http'
import { AppError } from '../../errors.js'

/** Seconds a refused client is told to wait before trying again. */
const RETRY_AFTER_S = 30

/**
 * Counts open streams per client address (story streams and desk presence together). A slot is
 * taken before the response is hijacked and given back when its connection closes, however it
 * closes.
 */
export class ClientStreamLimit {
  private readonly open = new Map<string, number>()

  constructor(readonly maxPerClient: number) {}

  /** Open streams of `client`. */
  count(client: string): number {
    return this.open.get(client) ?? 0
  }

  /**
   * Takes a slot for `client` until `res` closes; throws `STREAM_TOO_MANY_CONNECTIONS` (429) when
   * the client already holds them all. `onRefused` may set headers (Retry-After) first.
   */
  acquire(client: string, res: ServerResponse, onRefused?: (retryAfterS: number) => void): void {
    const held = this.count(client)
    if (held >= this.maxPerClient) {
      onRefused?.(RETRY_AFTER_S)
      throw new AppError(
        'STREAM_TOO_MANY_CONNECTIONS',
        `This address already has ${held} open streams, the most allowed; close some and try again`,
        { open: held, max: this.maxPerClient },
      )
    }
    this.open.set(client, held + 1)
    res.once('close', () => {
      const left = this.count(client) - 1
      if (left > 0) this.open.set(client, left)
      else this.open.delete(client)
    })
  }
}
