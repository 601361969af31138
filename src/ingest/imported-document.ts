/** @module ingest/imported-document — what every import parser produces: a lead, updates and a remainder. */

/** A half-open range of UTF-16 code units into the parsed input, as JavaScript strings index. */
export interface Span {
  start: number
  end: number
}

/** How a piece of the input was understood. Together the blocks of a text import tile the input. */
export type BlockKind =
  | 'marker'
  | 'paragraph'
  | 'headline'
  | 'teaser'
  | 'caption'
  | 'space'
  | 'markup'
  | 'boilerplate'
  | 'remainder'

export interface Block extends Span {
  kind: BlockKind
}

export interface ImportedMedia {
  /** Empty when the input names no image address; the desk fills it in before publishing. */
  url: string
  caption: string
  credit: string
  alt: string
}

export interface ImportedRelated {
  title: string
  /** Empty when the teaser carries no link (the reference text format never does). */
  url: string
}

/** The lead or one update: paragraphs stay in the input's wording; Markdown paragraphs stay Markdown. */
export interface ImportedSection {
  headline: string | undefined
  paragraphs: string[]
  /** Whether `paragraphs` are already Markdown (Markdown imports) or plain text to escape. */
  markdown: boolean
  media: ImportedMedia[]
  related: ImportedRelated[]
  /** Where the section's pieces came from, for highlighting the source text on the desk. */
  spans: Span[]
}

export interface Remainder extends Span {
  text: string
  /** `unplaced`: content the parser could not assign; `boilerplate`: page furniture left out on purpose. */
  reason: 'unplaced' | 'boilerplate'
}

export type ImportFormat = 'text' | 'markdown' | 'html'

export interface ImportedDocument {
  format: ImportFormat
  /** The dateline from the `date YYYY-MM-DD` marker (or an HTML/Markdown date), if any. */
  date: string | undefined
  title: string | undefined
  lead: ImportedSection
  updates: ImportedSection[]
  remainder: Remainder[]
  /** Every piece of the input with how it was read; for text and Markdown they tile the input. */
  blocks: Block[]
}

export const emptySection = (markdown: boolean, headline?: string): ImportedSection => ({
  headline,
  paragraphs: [],
  markdown,
  media: [],
  related: [],
  spans: [],
})

/** Splits `Caption text Image: Credit` into its parts; undefined when the paragraph is no caption. */
export function splitCaption(text: string): { caption: string; credit: string } | undefined {
  const match =
    /^([\s\S]*?)\s*\b(?:Image|Photo|Picture|Bild|Foto)\s*:\s*(\S[^\n]{0,300}?)\s*$/u.exec(text)
  if (!match || text.includes('\n\n')) return undefined
  const credit = match[2] ?? ''
  // A credit is a name, not a sentence: "Image: the town was shelled." is prose.
  if (credit.split(/\s+/).length > 8 || /[.!?]$/.test(credit.replace(/\b[A-Z]\.$/, ''))) {
    return undefined
  }
  return { caption: (match[1] ?? '').trim(), credit }
}
