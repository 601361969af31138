/**
 * Cuts a text at the edges of highlight spans into a tree of text and marks, so the desk can
 * render `<mark>` elements around plain text nodes (never an HTML string). Spans may overlap or
 * nest in any way: where one crosses another, it is split into several marks.
 */

/** A half-open range `[start, end)` of UTF-16 code units (JS string indices) to highlight. */
export interface Highlight<T> {
  start: number
  end: number
  /** Where two spans cover the same text, the lower rank is the outer mark (e.g. a draft around a quote). */
  rank: number
  /** What the mark stands for; handed back untouched. */
  data: T
}

export type HighlightNode<T> =
  | { kind: 'text'; start: number; end: number; text: string }
  | {
      kind: 'mark'
      start: number
      end: number
      highlight: Highlight<T>
      /** Position of the highlight in the input, to tell apart equal spans (React-style keys). */
      index: number
      children: HighlightNode<T>[]
    }

interface Segment<T> {
  start: number
  end: number
  /** The spans covering the segment, outermost first. */
  stack: Array<{ highlight: Highlight<T>; index: number }>
}

/**
 * The text as a list of nodes: each character is in exactly one text node, inside the marks of
 * every span that covers it. Empty, reversed or out-of-range spans are clipped or left out.
 *
 * @example
 * highlightTree('abcdef', [{ start: 1, end: 4, rank: 0, data: 'x' }, { start: 3, end: 5, rank: 1, data: 'y' }])
 * // a, mark x (b, c, mark y (d)), mark y (e), f
 */
export function highlightTree<T>(
  text: string,
  highlights: ReadonlyArray<Highlight<T>>,
): Array<HighlightNode<T>> {
  const clip = (n: number) => Math.min(Math.max(Math.trunc(n), 0), text.length)
  const spans = highlights
    .map((highlight, index) => ({
      highlight,
      index,
      start: clip(highlight.start),
      end: clip(highlight.end),
    }))
    .filter((s) => s.start < s.end)
    // Outer before inner: by rank, then the earlier and longer span first.
    .sort(
      (a, b) =>
        a.highlight.rank - b.highlight.rank ||
        a.start - b.start ||
        b.end - a.end ||
        a.index - b.index,
    )

  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort(
    (a, b) => a - b,
  )
  const segments: Array<Segment<T>> = []
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!
    const end = cuts[i + 1]!
    segments.push({
      start,
      end,
      stack: spans
        .filter((s) => s.start <= start && s.end >= end)
        .map(({ highlight, index }) => ({ highlight, index })),
    })
  }
  return group(text, segments, 0)
}

/** Consecutive segments under the same span at this depth become one mark around the rest. */
function group<T>(
  text: string,
  segments: ReadonlyArray<Segment<T>>,
  depth: number,
): Array<HighlightNode<T>> {
  const nodes: Array<HighlightNode<T>> = []
  let i = 0
  while (i < segments.length) {
    const first = segments[i]!
    const top = first.stack[depth]
    if (!top) {
      nodes.push({
        kind: 'text',
        start: first.start,
        end: first.end,
        text: text.slice(first.start, first.end),
      })
      i++
      continue
    }
    let j = i + 1
    while (j < segments.length && segments[j]!.stack[depth]?.index === top.index) j++
    nodes.push({
      kind: 'mark',
      start: first.start,
      end: segments[j - 1]!.end,
      highlight: top.highlight,
      index: top.index,
      children: group(text, segments.slice(i, j), depth + 1),
    })
    i = j
  }
  return nodes
}
