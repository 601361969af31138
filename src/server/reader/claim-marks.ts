/** @module server/reader/claim-marks — marks attributed quotes inside an update's sanitised HTML, working on text only. */
import type { UpdateMark } from '../../core/claim-card.js'
import type { SanitisedHtml } from './view.js'

/**
 * Escapes text the way the sanitiser escapes text runs (`&`, `<`, `>`), so a quote can be found
 * in them; `attr` also escapes `"` for attribute values.
 */
export const escapeHtml = (text: string, attr?: boolean): string =>
  text.replace(
    attr ? /[&<>"]/g : /[&<>]/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`,
  )

/** The quote as it would appear in running text: trimmed, outer quotation marks dropped. */
export const quoteText = (quote: string): string =>
  quote.replace(/^[\s"'“”‘’«»]+|[\s"'“”‘’«»]+$/g, '')

/** Shorter quotes would mark common words rather than statements. */
const MIN_QUOTE = 4

export interface MarkedHtml {
  html: SanitisedHtml
  /** Marks whose quote was not found verbatim in a text run (listed under the update instead). */
  unplaced: UpdateMark[]
}

/**
 * Wraps the first verbatim occurrence of each quote in a link to its claim. The sanitised HTML is
 * split into tags and text runs; the quote is escaped as the sanitiser escapes text and searched
 * for in the runs only, never inside an entity, a tag or a link (links do not nest). Our link is
 * inserted between characters of escaped text, and its attributes are escaped: a quote or a
 * claim id is only ever text.
 */
export function markQuotes(
  html: SanitisedHtml,
  marks: readonly UpdateMark[],
  href: (claimId: string) => string,
): MarkedHtml {
  const unplaced: UpdateMark[] = []
  // Tags at odd indexes, text runs at even ones; each insertion below keeps that alternation.
  const parts = html.split(/(<[^>]*>)/)
  for (const mark of marks) {
    const quote = escapeHtml(quoteText(mark.quote))
    let inLink = 0
    const at =
      quote.length < MIN_QUOTE
        ? -1
        : parts.findIndex((part, i) => {
            if (i % 2) inLink += /^<a[\s>]/i.test(part) ? 1 : /^<\/a/i.test(part) ? -1 : 0
            const k = i % 2 || inLink ? -1 : part.indexOf(quote)
            return k >= 0 && !/&[#\w]*$/.test(part.slice(0, k))
          })
    const run = parts[at]
    if (run === undefined) {
      unplaced.push(mark)
      continue
    }
    const k = run.indexOf(quote)
    const open = `<a class="claim-mark claim-${mark.status}" href="${escapeHtml(href(mark.claimId), true)}" data-claim="${escapeHtml(mark.claimId, true)}">`
    parts.splice(at, 1, run.slice(0, k), open, quote, '</a>', run.slice(k + quote.length))
  }
  // Only our escaped link tags were added between characters of escaped text.
  return { html: parts.join('') as SanitisedHtml, unplaced }
}
