import { describe, expect, it } from 'vitest'
import { generatePassword, normaliseEmail, passwordProblem } from './user.js'
import { randomBytes } from 'node:crypto'

describe('normaliseEmail', () => {
  it('lower-cases and trims, refuses what is not an address', () => {
    expect(normaliseEmail('  Ana@Example.ORG ')).toBe('ana@example.org')
    expect(normaliseEmail('ana')).toBeUndefined()
    expect(normaliseEmail('a b@c')).toBeUndefined()
  })
})

describe('passwordProblem', () => {
  it('wants at least 8 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/)
    expect(passwordProblem('long enough')).toBeUndefined()
  })
})

describe('generatePassword', () => {
  it('gives 20 characters without look-alikes', () => {
    const pw = generatePassword((n) => randomBytes(n))
    expect(pw).toHaveLength(20)
    expect(pw).not.toMatch(/[01lIO]/)
  })
})
