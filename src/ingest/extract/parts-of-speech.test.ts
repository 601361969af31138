import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PartsOfSpeech, tagPartsOfSpeech } from './parts-of-speech.js'

const words = (text: string) =>
  (tagPartsOfSpeech(text) ?? []).map((t) => [text.slice(t.start, t.end), t.pos])

describe(tagPartsOfSpeech.name, () => {
  it('places every token at its UTF-16 offsets in text with accents, emoji and curly quotes', () => {
    const text = '\uFEFF“We won’t go,” said Zoë Ångström 🌍🚀 of the café.\tThe U.S. envoy agreed.'
    const tokens = tagPartsOfSpeech(text)!
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      '“',
      'We',
      'wo',
      'n’t',
      'go',
      ',',
      '”',
      'said',
      'Zoë',
      'Ångström',
      '🌍',
      '🚀',
      'of',
      'the',
      'café',
      '.',
      '\t',
      'The',
      'U.S.',
      'envoy',
      'agreed',
      '.',
    ])
    // The byte-order mark counts: the first token starts after it.
    expect(tokens[0]?.start).toBe(1)
    expect(text.slice(0, tokens.find((t) => t.pos === 'SYM')!.start)).toBe(
      '\uFEFF“We won’t go,” said Zoë Ångström ',
    )
  })

  it('tags the parts of speech the rules ask about', () => {
    expect(words('Early estimates put the toll at 12.')).toEqual([
      ['Early', 'PROPN'],
      ['estimates', 'NOUN'],
      ['put', 'VERB'],
      ['the', 'DET'],
      ['toll', 'NOUN'],
      ['at', 'ADP'],
      ['12', 'NUM'],
      ['.', 'PUNCT'],
    ])
    expect(words('Nobody said so.').map(([, pos]) => pos)).toEqual(['PRON', 'VERB', 'ADV', 'PUNCT'])
  })

  it('blanks runs without white space that would make the tokenizer slow, keeping offsets', () => {
    const run = 'well-known-'.repeat(5000)
    const text = `The ministry said ${run} was open.`
    const started = performance.now()
    const tokens = tagPartsOfSpeech(text)!
    expect(performance.now() - started).toBeLessThan(1000)
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'The',
      'ministry',
      'said',
      'was',
      'open',
      '.',
    ])
  })

  it('places every token inside the text, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        for (const t of tagPartsOfSpeech(text) ?? []) {
          expect(t.start).toBeGreaterThanOrEqual(0)
          expect(t.end).toBeGreaterThan(t.start)
          expect(t.end).toBeLessThanOrEqual(text.length)
          expect(text.slice(t.start, t.end).trim()).not.toBe('')
        }
      }),
    )
  })
})

describe(PartsOfSpeech.name, () => {
  it('answers for a span and for the token at an offset', () => {
    const sut = new PartsOfSpeech('Zoë said the bridge was shut.')
    expect(sut.within({ start: 9, end: 19 })!.map((t) => t.pos)).toEqual(['DET', 'NOUN'])
    const [token, next] = sut.at(4)
    expect([token?.pos, next?.pos]).toEqual(['VERB', 'DET'])
    expect(sut.at(5)).toEqual([undefined, undefined])
  })
})
