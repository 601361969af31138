/**
 * @module services/login-throttle — counts failed sign-ins per client and per e-mail, and wrong
 * current passwords per user; refuses after too many.
 */

export interface LoginThrottleOptions {
  /** Failures from one client address for one e-mail before it must wait. */
  maxFailures: number
  /** Failures from one client address, whatever the e-mail (guessing across accounts). */
  maxFailuresPerClient: number
  /** How long failures are remembered, in ms. */
  windowMs: number
}

interface Counter {
  count: number
  until: number
}

/**
 * In memory, per process: a client spread over several processes gets that many times the
 * allowance, which still turns millions of guesses into dozens (decision 0012).
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>()

  constructor(
    private readonly options: LoginThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when the attempt may go ahead. */
  retryAfter(ip: string, email: string): number {
    return this.wait(this.keys(ip, email))
  }

  recordFailure(ip: string, email: string): void {
    this.count(this.keys(ip, email))
  }

  /** A success forgives the failures for that e-mail from that client, not the client's total. */
  recordSuccess(ip: string, email: string): void {
    this.counters.delete(`pair:${ip}:${email}`)
  }

  /**
   * Seconds before a signed-in user may give their current password again (changing it), or 0.
   * Keyed by user, not address: a stolen session must not become a password oracle from many
   * addresses.
   */
  retryAfterForUser(userId: string): number {
    return this.wait(this.userKeys(userId))
  }

  recordUserFailure(userId: string): void {
    this.count(this.userKeys(userId))
  }

  recordUserSuccess(userId: string): void {
    this.counters.delete(`user:${userId}`)
  }

  private wait(keys: Array<[string, number]>): number {
    const t = this.now()
    let wait = 0
    for (const [key, max] of keys) {
      const counter = this.counters.get(key)
      if (counter && counter.until > t && counter.count >= max)
        wait = Math.max(wait, Math.ceil((counter.until - t) / 1000))
    }
    return wait
  }

  private count(keys: Array<[string, number]>): void {
    const t = this.now()
    for (const [key] of keys) {
      const counter = this.counters.get(key)
      if (counter && counter.until > t) counter.count += 1
      else this.counters.set(key, { count: 1, until: t + this.options.windowMs })
    }
    if (this.counters.size > 100_000) this.prune(t)
  }

  private userKeys(userId: string): Array<[string, number]> {
    return [[`user:${userId}`, this.options.maxFailures]]
  }

  private keys(ip: string, email: string): Array<[string, number]> {
    return [
      [`pair:${ip}:${email}`, this.options.maxFailures],
      [`client:${ip}`, this.options.maxFailuresPerClient],
    ]
  }

  private prune(t: number): void {
    for (const [key, counter] of this.counters) if (counter.until <= t) this.counters.delete(key)
  }
}
