import { describe, expect, it } from 'vitest'
import { LoginThrottle } from './login-throttle.js'

describe(LoginThrottle.name, () => {
  const options = { maxFailures: 3, maxFailuresPerClient: 5, windowMs: 60_000 }

  it('refuses after the allowed failures and forgets them after the window', () => {
    let now = 0
    const sut = new LoginThrottle(options, () => now)
    for (let i = 0; i < 3; i++) {
      expect(sut.retryAfter('1.2.3.4', 'a@x')).toBe(0)
      sut.recordFailure('1.2.3.4', 'a@x')
    }
    expect(sut.retryAfter('1.2.3.4', 'a@x')).toBe(60)
    expect(sut.retryAfter('5.6.7.8', 'a@x')).toBe(0)
    now = 60_001
    expect(sut.retryAfter('1.2.3.4', 'a@x')).toBe(0)
  })

  it('limits one client guessing across many e-mails', () => {
    const sut = new LoginThrottle(options, () => 0)
    for (let i = 0; i < 5; i++) sut.recordFailure('1.2.3.4', `user${i}@x`)
    expect(sut.retryAfter('1.2.3.4', 'new@x')).toBeGreaterThan(0)
  })

  it('forgives a pair after a success', () => {
    const sut = new LoginThrottle(options, () => 0)
    sut.recordFailure('1.2.3.4', 'a@x')
    sut.recordFailure('1.2.3.4', 'a@x')
    sut.recordSuccess('1.2.3.4', 'a@x')
    sut.recordFailure('1.2.3.4', 'a@x')
    expect(sut.retryAfter('1.2.3.4', 'a@x')).toBe(0)
  })

  it('counts wrong current passwords per user, apart from sign-ins', () => {
    const sut = new LoginThrottle(options, () => 0)
    for (let i = 0; i < 3; i++) sut.recordUserFailure('u1')
    expect(sut.retryAfterForUser('u1')).toBe(60)
    expect(sut.retryAfterForUser('u2')).toBe(0)
    expect(sut.retryAfter('1.2.3.4', 'a@x')).toBe(0)
  })
})
