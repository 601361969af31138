/** @module ingest/extract/sentences — paragraphs and sentences with offsets; a fast splitter that knows news abbreviations. */
import type { Span } from '../imported-document.js'

export interface Sentence extends Span {
  paragraph: number
}

const ABBREVIATIONS = new Set(
  `mr mrs ms dr prof gen col lt sgt capt maj adm cmdr gov sen rep st no vs etc jr sr inc ltd co corp dept
est approx fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u mt ft`.split(/\s+/),
)

/**
 * Splits text into sentences, never across a line break (headlines and captions stand alone).
 * A full stop ends a sentence when a capital, digit or opening quote follows and the word before
 * it is no abbreviation or initial.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = []
  let paragraph = 0
  const lines = /[^\n]+/g
  let line: RegExpExecArray | null
  // Each line is a paragraph: in live-page text, headlines, captions and paragraphs are lines.
  while ((line = lines.exec(text)) !== null) {
    paragraph++
    const base = line.index
    const s = line[0]
    let start = 0
    const boundary = /([.!?…])(["”’)\]]*)(\s+)(?=["“‘(]?[\p{Lu}\p{N}])/gu
    let m: RegExpExecArray | null
    while ((m = boundary.exec(s)) !== null) {
      const end = m.index + 1 + (m[2]?.length ?? 0)
      if (m[1] === '.') {
        // Abbreviations and initials are short: the last 64 characters hold any of them, and an
        // anchored match over the whole sentence so far would cost its length at every stop.
        const word =
          /([\p{L}.]+)$/u
            .exec(s.slice(Math.max(start, m.index - 64), m.index))?.[1]
            ?.toLowerCase() ?? ''
        if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word))
          continue
      }
      push(out, text, base + start, base + end, paragraph)
      start = end + (m[3]?.length ?? 0)
    }
    push(out, text, base + start, base + s.length, paragraph)
  }
  return out
}

function push(out: Sentence[], text: string, start: number, end: number, paragraph: number) {
  while (start < end && /\s/.test(text[start] ?? '')) start++
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  if (end > start) out.push({ start, end, paragraph })
}
