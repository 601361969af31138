/** @module ingest/draft-updates — turns an imported document into draft updates: the lead, one per headline, a remainder. */
import type { Media, RelatedLink } from '../core/update.js'
import type { ImportedDocument, ImportedSection, ImportFormat, Span } from './imported-document.js'
import { parseHtml } from './html-format.js'
import { parseMarkdownText } from './markdown-format.js'
import { parseLiveText } from './text-format.js'

/** Headlines are capped like the API caps them. */
const MAX_HEADLINE = 300

export interface DraftUpdate {
  /** `lead`: the text above the first headline, for an editor to turn into the story's lead. */
  role: 'lead' | 'update' | 'remainder'
  headline: string
  /** Markdown, safe to render: imported plain text is escaped so it cannot become markup. */
  body: string
  media: Media[]
  related: RelatedLink[]
  /** Where the draft's text came from in the input, to find the attributions it carries. */
  spans: Span[]
}

/** Picks the parser: by file name when there is one, otherwise by sniffing the text. */
export function detectFormat(text: string, fileName?: string): ImportFormat {
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1]
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html'
  if (ext === 'md' || ext === 'markdown') return 'markdown'
  if (ext === 'txt' || ext === 'text') return 'text'
  const head = text.slice(0, 2048).trimStart()
  if (/^(<!doctype html|<html|<head|<body|<article|<main|<div|<p[\s>])/i.test(head)) return 'html'
  if (/^\s*date[ \t]+\d{4}-\d{2}-\d{2}/.test(text)) return 'text'
  if (/^(#{1,6} |.*\n(=+|-+)\n)/m.test(head) || /!\[[^\]]*\]\(/.test(head)) return 'markdown'
  return 'text'
}

/** Parses text in the given (or detected) format. Never throws. */
export function parseImport(text: string, format: ImportFormat): ImportedDocument {
  if (format === 'html') return parseHtml(text)
  if (format === 'markdown') return parseMarkdownText(text)
  return parseLiveText(text)
}

/**
 * Backslash-escapes what Markdown would read as markup, so imported plain text renders as the
 * same text. Raw HTML is off in rendering anyway; this keeps `*`, `_`, `[`, `#` literal too.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+=#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2')
}

function bodyOf(section: ImportedSection): string {
  const paragraphs = section.markdown
    ? section.paragraphs
    : section.paragraphs.map((p) => escapeMarkdown(p))
  return paragraphs.join('\n\n')
}

const headlineOf = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length <= MAX_HEADLINE ? line : `${line.slice(0, MAX_HEADLINE - 1)}…`
}

/** The drafts an import makes, in reading order: lead first, then updates, then any remainder. */
export function toDraftUpdates(doc: ImportedDocument): DraftUpdate[] {
  const drafts: DraftUpdate[] = []
  const lead = doc.lead
  if (lead.paragraphs.length > 0 || lead.media.length > 0 || lead.related.length > 0) {
    const headline = doc.title ?? `Lead${doc.date ? ` — ${doc.date}` : ''}`
    drafts.push({
      role: 'lead',
      headline: headlineOf(headline),
      body: bodyOf(lead),
      media: lead.media.map((m) => ({ ...m })),
      related: lead.related.map((r) => ({ ...r })),
      spans: lead.spans,
    })
  }
  for (const update of doc.updates) {
    drafts.push({
      role: 'update',
      headline: headlineOf(update.headline ?? 'Untitled update'),
      body: bodyOf(update),
      media: update.media.map((m) => ({ ...m })),
      related: update.related.map((r) => ({ ...r })),
      spans: update.spans,
    })
  }
  const unplaced = doc.remainder.filter((r) => r.reason === 'unplaced')
  if (unplaced.length > 0) {
    drafts.push({
      role: 'remainder',
      headline: 'Import remainder: text the importer could not place',
      body: unplaced.map((r) => escapeMarkdown(r.text)).join('\n\n'),
      media: [],
      related: [],
      spans: unplaced.map((r) => ({ start: r.start, end: r.end })),
    })
  }
  // A headline that the API would refuse (empty after trimming) still needs a title.
  for (const draft of drafts) if (draft.headline === '') draft.headline = 'Untitled update'
  return drafts
}

/**
 * An HTML page as the text a person reads: the title, then each section's headline, paragraphs,
 * captions (`… Image: credit`) and related titles, one per paragraph. Spans in markup mean
 * nothing to an editor or to the attribution rules, so for HTML the sections' spans are moved
 * into this text, which is what the desk shows and the extractor reads.
 */
export function toReadingText(doc: ImportedDocument): { text: string; doc: ImportedDocument } {
  let text = ''
  const add = (piece: string) => {
    if (text !== '') text += '\n\n'
    text += piece
  }
  if (doc.title) add(doc.title)
  const move = (section: ImportedSection): ImportedSection => {
    const pieces = [
      ...(section.headline !== undefined ? [section.headline] : []),
      ...section.paragraphs,
      ...section.media.map((m) => (m.credit ? `${m.caption} Image: ${m.credit}` : m.caption)),
      ...section.related.map((r) => r.title),
    ].filter((p) => p.trim() !== '')
    if (pieces.length === 0) return { ...section, spans: [] }
    if (text !== '') text += '\n\n'
    const start = text.length
    text += pieces.join('\n\n')
    return { ...section, spans: [{ start, end: text.length }] }
  }
  const lead = move(doc.lead)
  const updates = doc.updates.map(move)
  const remainder = doc.remainder.map((r) => {
    if (r.reason !== 'unplaced') return r
    add(r.text)
    return { ...r, start: text.length - r.text.length, end: text.length }
  })
  return { text, doc: { ...doc, lead, updates, remainder } }
}
