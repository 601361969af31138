/** @module services/login-throttle — counts failed sign-ins per client and per e-mail; refuses after too many. */

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
    const t = this.now()
    let wait = 0
    for (const [key, max] of this.keys(ip, email)) {
      const counter = this.counters.get(key)
      if (counter && counter.until > t && counter.count >= max)
        wait = Math.max(wait, Math.ceil((counter.until - t) / 1000))
    }
    return wait
  }

  recordFailure(ip: string, email: string): void {
    const t = this.now()
    for (const [key] of this.keys(ip, email)) {
      const counter = this.counters.get(key)
      if (counter && counter.until > t) counter.count += 1
      else this.counters.set(key, { count: 1, until: t + this.options.windowMs })
    }
    if (this.counters.size > 100_000) this.prune(t)
  }

  /** A success forgives the failures for that e-mail from that client, not the client's total. */
  recordSuccess(ip: string, email: string): void {
    this.counters.delete(`pair:${ip}:${email}`)
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
