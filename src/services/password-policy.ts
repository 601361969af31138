/**
 * @module services/password-policy — which passwords a person may choose: long enough and not
 * among the passwords attackers try first (zxcvbn's estimate over its common-password lists).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'

/** NIST SP 800-63B asks for at least 8; 12 keeps a guessed phrase out of reach of offline attacks. */
export const CHOSEN_PASSWORD_MIN_LENGTH = 12

/**
 * zxcvbn's scores run 0–4; 3 means "safely unguessable" (about 10^8 guesses or more), which rules
 * out the common-password lists, keyboard walks, dates and words with a number stuck on.
 */
const MIN_SCORE = 3

/** Built on first use: loading the dictionaries takes about 80 ms, which only password changes pay. */
let estimator: ZxcvbnFactory | undefined

const estimate = (password: string, userInputs: string[]): number =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  })).check(password, userInputs).score

/**
 * Why a password a person chose is refused, or undefined when it may be used. `userInputs` (the
 * e-mail, the display name) count as guessable words.
 * @example chosenPasswordProblem('password1234', ['ana@example.org']) // 'The password is too common…'
 */
export function chosenPasswordProblem(password: string, userInputs: string[]): string | undefined {
  if (password.length < CHOSEN_PASSWORD_MIN_LENGTH)
    return `The password must have at least ${CHOSEN_PASSWORD_MIN_LENGTH} characters`
  // Long inputs would only make the estimate slow; their length already makes them strong.
  if (password.length > 100) return undefined
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s]+/)]).filter(Boolean)
  if (estimate(password, inputs) < MIN_SCORE)
    return 'The password is too common or too easy to guess; a few unrelated words make a good one'
  return undefined
}
