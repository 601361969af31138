/** @module ingest/extract/extract-linear.test — hostile texts cost extraction time in proportion to their length. */
import { describe, expect, it } from 'vitest'
import { extractAttributions } from './extract-attributions.js'

const repeat = (piece: string, length: number) =>
  piece.repeat(Math.ceil(length / piece.length)).slice(0, length)

/** CPU time of one extraction, the best of three so that a busy machine inflates it less. */
function cpuMs(text: string): number {
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage()
    extractAttributions(text)
    const used = process.cpuUsage(before)
    best = Math.min(best, (used.user + used.system) / 1000)
  }
  return best
}

// Texts that each took time growing with the square of their length: a cue in every few words
// of one sentence, quotes that never close or close with the other kind, one endless sentence.
const HOSTILE: Record<string, string> = {
  'a quote and a parenthesis before every cue': '"(said ',
  'one sentence of "said that" clauses': 'The minister said that ',
  'unbalanced curly quotes': '“The ministry said “it was ',
  'mixed curly quotes': '"It was ” said ‘the ’ official “ ',
  'quotes closed by commas': '"A quote," said ',
  'lower-case clauses between commas': 'x, a, b, said ',
  'quotes inside one sentence': '"ab," x. "cd," y said. ',
  'a chain of sources': 'the ministry said the army ',
  'abbreviations without end': 'Mr. ',
  'sentences on one line': 'The army said the town fell. ',
}

describe('extractAttributions on hostile text', () => {
  // The first call loads the part-of-speech model; it is no part of any measurement.
  extractAttributions('The ministry said the bridge was open.')

  for (const [name, piece] of Object.entries(HOSTILE)) {
    it(`grows linearly: ${name}`, () => {
      const n = 10_000
      const small = cpuMs(repeat(piece, n))
      const large = cpuMs(repeat(piece, 4 * n))
      // Linear work gives about 4; the square of the length gave 12 to 16. The bound is wide
      // because times this short vary on a shared machine; 10 ms absorbs timer granularity and pauses.
      expect(large).toBeLessThan(8 * Math.max(small, 10))
    }, 10_000)
  }
})
