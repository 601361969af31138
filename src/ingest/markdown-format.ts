/** @module ingest/markdown-format — reads a Markdown article: `##` headings open updates, images become media. */
import MarkdownIt from 'markdown-it'
import {
  emptySection,
  splitCaption,
  type Block,
  type ImportedDocument,
  type ImportedSection,
} from './imported-document.js'
import { fillSpaces } from './text-format.js'

// Only the block structure is used; the text itself is kept as the author wrote it.
const md = new MarkdownIt({ html: false, linkify: false })

const IMAGE_ONLY = /^!\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"([^"]*)")?\s*\)\s*$/
const LINK_ONLY = /^(?:[-*+]\s+)?\[([^\]]+)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)\s*$/
const DATE_MARKER = /^\s*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*/

/** Only http(s) links survive as media or related links; anything else stays in the text. */
const safeUrl = (url: string): string | undefined =>
  /^https?:\/\/\S+$/i.test(url) ? url : undefined

/** Parses Markdown into a lead (before the first `##`) and one update per `##`/`###` heading. Never throws. */
export function parseMarkdownText(text: string): ImportedDocument {
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  const offsetOfLine = (line: number) => lineStarts[line] ?? text.length
  const blocks: Block[] = []
  const marker = DATE_MARKER.exec(text)
  const date = marker?.[1]

  const lead: ImportedSection = emptySection(true)
  const updates: ImportedSection[] = []
  let current = lead
  let title: string | undefined

  if (marker) blocks.push({ kind: 'marker', start: 0, end: marker[0].length })
  let tokens: ReturnType<typeof md.parse>
  try {
    tokens = md.parse(text, {})
  } catch {
    tokens = []
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (!token || token.level !== 0 || !token.map || token.nesting === -1) continue
    const close = closingIndex(tokens, i)
    const start = offsetOfLine(token.map[0])
    let end = offsetOfLine(token.map[1])
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--
    let s = start
    if (marker && s < marker[0].length) s = Math.min(marker[0].length, end)
    const raw = text.slice(s, end)
    const span = { start: s, end }
    i = close
    if (raw.trim() === '') continue

    if (token.type === 'heading_open') {
      const inline = text
        .slice(s, end)
        .replace(/^\s*#+\s*|\s*#*\s*$/g, '')
        .replace(/\n[=-]+$/, '')
      if (token.tag === 'h1' && title === undefined && updates.length === 0) {
        title = inline
        blocks.push({ kind: 'headline', ...span })
        continue
      }
      current = emptySection(true, inline)
      updates.push(current)
      current.spans.push(span)
      blocks.push({ kind: 'headline', ...span })
      continue
    }
    if (token.type === 'paragraph_open' || token.type === 'bullet_list_open') {
      const image = IMAGE_ONLY.exec(raw.trim())
      const imageUrl = image && safeUrl(image[2] ?? '')
      if (image && imageUrl) {
        const alt = image[1] ?? ''
        const parts = splitCaption(image[3] ?? '')
        current.media.push({
          url: imageUrl,
          caption: parts?.caption ?? image[3] ?? alt,
          credit: parts?.credit ?? '',
          alt,
        })
        current.spans.push(span)
        blocks.push({ kind: 'caption', ...span })
        continue
      }
      const lines = raw.trim().split('\n')
      const links = lines.map((line) => LINK_ONLY.exec(line.trim()))
      if (links.every((l) => l && safeUrl(l[2] ?? ''))) {
        for (const l of links) if (l) current.related.push({ title: l[1] ?? '', url: l[2] ?? '' })
        current.spans.push(span)
        blocks.push({ kind: 'teaser', ...span })
        continue
      }
      const caption = token.type === 'paragraph_open' ? splitCaption(raw.trim()) : undefined
      if (caption) {
        // A caption line right after an image completes that image; otherwise it is media without a file.
        const last = current.media.at(-1)
        if (last && last.url !== '' && last.credit === '' && blocks.at(-1)?.kind === 'caption') {
          last.caption = caption.caption || last.caption
          last.credit = caption.credit
        } else {
          current.media.push({
            url: '',
            caption: caption.caption,
            credit: caption.credit,
            alt: caption.caption,
          })
        }
        current.spans.push(span)
        blocks.push({ kind: 'caption', ...span })
        continue
      }
    }
    current.paragraphs.push(raw)
    current.spans.push(span)
    blocks.push({ kind: 'paragraph', ...span })
  }

  // Whatever the block parser skipped (reference definitions, stray markup) is not lost.
  const tiled = fillSpaces(blocks, text.length)
  const remainder = tiled
    .filter((b) => b.kind === 'space' && text.slice(b.start, b.end).trim() !== '')
    .map((b) => ({
      start: b.start,
      end: b.end,
      text: text.slice(b.start, b.end).trim(),
      reason: 'unplaced' as const,
    }))
  for (const block of tiled) {
    if (block.kind === 'space' && text.slice(block.start, block.end).trim() !== '')
      block.kind = 'remainder'
  }
  return { format: 'markdown', date, title, lead, updates, remainder, blocks: tiled }
}

function closingIndex(tokens: ReturnType<typeof md.parse>, open: number): number {
  const token = tokens[open]
  if (!token || token.nesting !== 1) return open
  let depth = 0
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]
    if (!t) break
    depth += t.nesting
    if (depth === 0) return j
  }
  return tokens.length - 1
}
