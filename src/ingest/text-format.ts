/** @module ingest/text-format — reads the plain-text live-page format: dateline marker, paragraphs, headlines, teasers, captions. */
import {
  emptySection,
  splitCaption,
  type Block,
  type ImportedDocument,
  type ImportedSection,
  type Span,
} from './imported-document.js'

/** Longest line still read as a headline or teaser; longer lines are prose whatever their ending. */
export const MAX_HEADLINE_LENGTH = 160
const MAX_HEADLINE_WORDS = 24

const MARKER = /^\s*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*/

interface Paragraph extends Span {
  text: string
  kind: 'paragraph' | 'short' | 'caption'
}

/**
 * A short line without a final full stop (or colon, semicolon, comma) is a headline or teaser;
 * question and exclamation marks may end a headline.
 */
export function isShortLine(text: string): boolean {
  if (text.length === 0 || text.length > MAX_HEADLINE_LENGTH || text.includes('\n')) return false
  if (text.split(/\s+/).length > MAX_HEADLINE_WORDS) return false
  if (!/[\p{L}\p{N}]/u.test(text)) return false
  return !/[.:;,…]["'”’»)\]]*$/u.test(text)
}

/** Cuts the input into paragraphs (runs of non-blank lines) with their offsets. */
function paragraphsOf(text: string, from: number): Paragraph[] {
  const out: Paragraph[] = []
  const lines = /[^\n]*(\n|$)/g
  lines.lastIndex = from
  let start = -1
  let end = -1
  const flush = () => {
    if (start < 0) return
    const raw = text.slice(start, end)
    const lead = raw.length - raw.trimStart().length
    const trimmed = raw.trim()
    const s = start + lead
    const para: Paragraph = { start: s, end: s + trimmed.length, text: trimmed, kind: 'paragraph' }
    if (splitCaption(trimmed)) para.kind = 'caption'
    else if (isShortLine(trimmed)) para.kind = 'short'
    out.push(para)
    start = -1
  }
  while (lines.lastIndex < text.length) {
    const lineStart = lines.lastIndex
    const match = lines.exec(text)
    if (!match) break
    const line = match[0]
    const content = line.replace(/\r?\n$/, '')
    if (content.trim() === '') {
      flush()
    } else {
      if (start < 0) start = lineStart
      end = lineStart + content.length
    }
    if (line.length === 0) break
  }
  flush()
  return out
}

/**
 * Parses the reference text format into a lead and updates. Never throws; every character of the
 * input belongs to exactly one block, and every non-blank block lands in the lead, an update or
 * the remainder.
 *
 * @example parseLiveText(' date 2023-01-13 Town taken, ministry says.\n\nHeadline\n\nBody.')
 */
export function parseLiveText(text: string): ImportedDocument {
  const blocks: Block[] = []
  const marker = MARKER.exec(text)
  const date = marker?.[1]
  const bodyStart = marker ? marker[0].length : 0
  if (marker) blocks.push({ kind: 'marker', start: 0, end: bodyStart })

  const paragraphs = paragraphsOf(text, bodyStart)
  // With a marker, the paragraph on the marker line opens the lead whatever its shape.
  const first = paragraphs[0]
  if (marker && first && first.start === bodyStart && first.kind === 'short') {
    first.kind = 'paragraph'
  }

  const lead: ImportedSection = emptySection(false)
  const updates: ImportedSection[] = []
  let current = lead
  paragraphs.forEach((para, i) => {
    const next = paragraphs[i + 1]
    const span = { start: para.start, end: para.end }
    if (para.kind === 'short') {
      // A headline is followed by what belongs to it; a teaser by another short line or nothing.
      if (next && next.kind !== 'short') {
        current = emptySection(false, para.text)
        updates.push(current)
        current.spans.push(span)
        blocks.push({ kind: 'headline', ...span })
      } else {
        current.related.push({ title: para.text, url: '' })
        current.spans.push(span)
        blocks.push({ kind: 'teaser', ...span })
      }
      return
    }
    if (para.kind === 'caption') {
      const parts = splitCaption(para.text)
      if (parts) {
        current.media.push({
          url: '',
          caption: parts.caption,
          credit: parts.credit,
          alt: parts.caption,
        })
        current.spans.push(span)
        blocks.push({ kind: 'caption', ...span })
        return
      }
    }
    current.paragraphs.push(para.text)
    current.spans.push(span)
    blocks.push({ kind: 'paragraph', ...span })
  })

  return {
    format: 'text',
    date,
    title: undefined,
    lead,
    updates,
    remainder: [],
    blocks: fillSpaces(blocks, text.length),
  }
}

/** Adds `space` blocks for the gaps so the blocks tile [0, length). */
export function fillSpaces(blocks: Block[], length: number): Block[] {
  const sorted = [...blocks].sort((a, b) => a.start - b.start)
  const out: Block[] = []
  let at = 0
  for (const block of sorted) {
    if (block.start > at) out.push({ kind: 'space', start: at, end: block.start })
    out.push(block)
    at = Math.max(at, block.end)
  }
  if (at < length) out.push({ kind: 'space', start: at, end: length })
  return out
}
