import { describe, expect, it } from 'vitest'
import { chosenPasswordProblem } from './password-policy.js'

describe(chosenPasswordProblem.name, () => {
  const sut = chosenPasswordProblem

  it('refuses passwords under 12 characters', () => {
    expect(sut('Xq7#pL9!vR2', [])).toMatch(/at least 12 characters/)
  })

  it('refuses common passwords and keyboard walks, however long', () => {
    for (const password of ['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234'])
      expect(sut(password, []), password).toMatch(/too common/)
  })

  it("refuses a password made of the user's own e-mail", () => {
    expect(sut('anamoreno1990', ['anamoreno@example.org'])).toMatch(/too common/)
  })

  it('accepts a few unrelated words', () => {
    expect(sut('correct horse battery', ['ana@example.org'])).toBeUndefined()
    expect(sut('a brand new secret', [])).toBeUndefined()
  })
})
