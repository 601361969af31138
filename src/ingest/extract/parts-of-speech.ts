/** @module ingest/extract/parts-of-speech — wink-nlp part-of-speech tags with offsets into the text as read. */
import { createRequire } from 'node:module'
import type WinkFn from 'wink-nlp'
import type { Model, PartOfSpeech, WinkMethods } from 'wink-nlp'
import type { Span } from '../imported-document.js'

/** A token wink-nlp found, with its tag and its offsets in UTF-16 code units into the text. */
export interface TaggedToken extends Span {
  pos: PartOfSpeech
}

const require = createRequire(import.meta.url)

/**
 * wink-nlp's tokenizer takes time quadratic in the length of a run without white space: 128,000
 * characters of "well-known-well-known-…" take over a minute. Such runs are no words, so they are
 * blanked before tagging (same length, so offsets do not move).
 */
const LONG_RUN = /[^ \t\n\r]{201,}/g

let nlp: WinkMethods | undefined

/**
 * The one wink-nlp instance of the process, made on first use (the model takes about 130 ms to
 * load) with only the part-of-speech step: our own splitter decides sentences.
 */
function wink(): WinkMethods {
  if (!nlp) {
    const winkNLP = require('wink-nlp') as typeof WinkFn
    const model = require('wink-eng-lite-web-model') as Model
    nlp = winkNLP(model, ['pos'])
  }
  return nlp
}

/**
 * Tags a text and returns its tokens with offsets, or undefined when a token cannot be placed.
 * wink-nlp gives token values, not offsets; every value is a verbatim piece of the text, so each
 * is found from where the previous one ended, over white space only (wink-nlp keeps no white-space
 * tokens but tabs and line breaks, and drops byte-order marks).
 *
 * @example tagPartsOfSpeech('Zoë said so.') // [{start: 0, end: 3, pos: 'PROPN'}, …]
 */
export function tagPartsOfSpeech(text: string): TaggedToken[] | undefined {
  const readable = text.replace(LONG_RUN, (run) => ' '.repeat(run.length))
  let values: string[]
  let tags: PartOfSpeech[]
  try {
    const { its } = wink()
    const doc = wink().readDoc(readable)
    values = doc.tokens().out()
    tags = doc.tokens().out(its.pos) as PartOfSpeech[]
  } catch {
    // The rules run without tags rather than fail an import.
    return undefined
  }
  const out: TaggedToken[] = []
  let cursor = 0
  for (const [i, value] of values.entries()) {
    const start = readable.indexOf(value, cursor)
    if (start < 0 || !/^\s*$/u.test(readable.slice(cursor, start))) return undefined
    cursor = start + value.length
    out.push({ start, end: cursor, pos: tags[i] ?? 'X' })
  }
  return out
}

/**
 * The tags of one text, computed line by line on first use: a sentence never crosses a line
 * break, and lines without a cue (headlines, captions, most paragraphs) are never tagged. Every
 * check answers "no objection" when a line could not be tagged, so the rules then decide alone.
 */
export class PartsOfSpeech {
  /** Tokens of each line tagged so far, by the line's start; undefined when it could not be. */
  private readonly lines = new Map<number, TaggedToken[] | undefined>()

  /** Where each line starts, found once: looking a line up then costs a binary search, not its length. */
  private readonly starts: number[] = [0]

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  private line(offset: number): { start: number; end: number; tokens: TaggedToken[] | undefined } {
    // The line holding `offset`; an offset on a line break belongs to the line it ends.
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    const start = this.starts[lo]!
    const next = this.starts[lo + 1]
    const end = next === undefined ? this.text.length : next - 1
    if (!this.lines.has(start)) {
      const tokens = tagPartsOfSpeech(this.text.slice(start, end))
      for (const t of tokens ?? []) {
        t.start += start
        t.end += start
      }
      this.lines.set(start, tokens)
    }
    return { start, end, tokens: this.lines.get(start) }
  }

  /** Tokens inside a span, or undefined when a line it covers could not be tagged. */
  within(span: Span): TaggedToken[] | undefined {
    const out: TaggedToken[] = []
    let offset = span.start
    do {
      const { end, tokens } = this.line(offset)
      if (!tokens) return undefined
      for (let i = firstAtOrAfter(tokens, span.start); i < tokens.length; i++) {
        if (tokens[i]!.end > span.end) break
        out.push(tokens[i]!)
      }
      offset = end + 1
    } while (offset < span.end)
    return out
  }

  /** The token that starts at `offset` and the one after it on its line. */
  at(offset: number): [TaggedToken | undefined, TaggedToken | undefined] {
    const { tokens } = this.line(offset)
    if (!tokens) return [undefined, undefined]
    const i = firstAtOrAfter(tokens, offset)
    const token = tokens[i]
    return token?.start === offset ? [token, tokens[i + 1]] : [undefined, undefined]
  }
}

/** Binary search: the index of the first token starting at or after `offset`. */
function firstAtOrAfter(tokens: TaggedToken[], offset: number): number {
  let lo = 0
  let hi = tokens.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (tokens[mid]!.start < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}
