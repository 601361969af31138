/** @module ingest/extract/gold — reads the inline-annotated development set (`{sN|…}`, `{cN=stance|…}`, `{tN|…}`). */
import type { Stance } from './attribution.js'
import { STANCES } from './attribution.js'
import type { Span } from '../imported-document.js'

export interface GoldAttribution {
  source: Span
  cue: Span
  content: Span
  stance: Stance
}

export interface GoldDocument {
  /** The text with the marks removed: what the extractor reads. */
  text: string
  attributions: GoldAttribution[]
}

const OPEN = /^\{([sct])([\w]+(?:\+[\w]+)*)(?:=([a-z_]+))?\|/

/**
 * Strips the marks and returns the spans, by attribution. Throws on a malformed file, naming the
 * offset, so a typo in the development set is found at once rather than skewing the scores.
 */
export function parseGold(annotated: string): GoldDocument {
  let text = ''
  const stack: Array<{ kind: string; ids: string[]; stance?: string; start: number }> = []
  const parts = new Map<string, { source?: Span; cue?: Span; content?: Span; stance?: string }>()
  for (let i = 0; i < annotated.length;) {
    const ch = annotated[i]
    const open = ch === '{' ? OPEN.exec(annotated.slice(i, i + 40)) : null
    if (open) {
      stack.push({
        kind: open[1] ?? '',
        ids: (open[2] ?? '').split('+'),
        stance: open[3],
        start: text.length,
      })
      i += open[0].length
      continue
    }
    if (ch === '}' && stack.length > 0) {
      const mark = stack.pop()!
      const span = { start: mark.start, end: text.length }
      for (const id of mark.ids) {
        const part = parts.get(id) ?? {}
        if (mark.kind === 's') part.source = span
        else if (mark.kind === 'c') {
          part.cue = span
          part.stance = mark.stance
        } else part.content = span
        parts.set(id, part)
      }
      i++
      continue
    }
    if (ch === '{' || ch === '}') throw new Error(`Stray brace at ${i}`)
    text += ch
    i++
  }
  if (stack.length > 0) throw new Error(`Unclosed mark opened at ${stack[0]?.start ?? 0}`)
  const attributions: GoldAttribution[] = []
  for (const [id, part] of parts) {
    if (!part.source || !part.cue || !part.content)
      throw new Error(`Attribution ${id} lacks a source, cue or content`)
    if (!STANCES.includes(part.stance as Stance))
      throw new Error(`Attribution ${id} has no valid stance: ${part.stance ?? ''}`)
    attributions.push({
      source: part.source,
      cue: part.cue,
      content: part.content,
      stance: part.stance as Stance,
    })
  }
  attributions.sort((a, b) => a.cue.start - b.cue.start)
  return { text, attributions }
}
