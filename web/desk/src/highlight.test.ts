import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { highlightTree, type Highlight, type HighlightNode } from './highlight.js'

/** The text back from the nodes, and for each character the data of its marks, outermost first. */
function flatten<T>(nodes: Array<HighlightNode<T>>, around: T[] = []) {
  let text = ''
  const cover: T[][] = []
  for (const n of nodes) {
    if (n.kind === 'text') {
      text += n.text
      for (let i = 0; i < n.text.length; i++) cover.push(around)
    } else {
      expect(n.end).toBeGreaterThan(n.start)
      const inner = flatten(n.children, [...around, n.highlight.data])
      expect(inner.text.length).toBe(n.end - n.start)
      text += inner.text
      cover.push(...inner.cover)
    }
  }
  return { text, cover }
}

const span = (start: number, end: number, data: string, rank = 0): Highlight<string> => ({
  start,
  end,
  rank,
  data,
})

describe(highlightTree.name, () => {
  it('keeps every character once, inside the marks of exactly the spans covering it', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(
          fc.record({
            start: fc.integer({ min: -3, max: 33 }),
            end: fc.integer({ min: -3, max: 33 }),
            rank: fc.integer({ min: 0, max: 3 }),
          }),
          { maxLength: 12 },
        ),
        (text, raw) => {
          const spans = raw.map((s, i) => ({ ...s, data: i }))
          const { text: back, cover } = flatten(highlightTree(text, spans))
          expect(back).toBe(text)
          for (let p = 0; p < text.length; p++) {
            const expected = spans
              .filter((s) => Math.max(s.start, 0) <= p && p < Math.min(s.end, text.length))
              .map((s) => s.data)
            expect([...cover[p]!].sort((a, b) => a - b)).toEqual(expected)
            // Outer marks never rank above inner ones.
            const ranks = cover[p]!.map((i) => spans[i]!.rank)
            expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
          }
        },
      ),
    )
  })

  it('nests a span inside another as one mark within one mark', () => {
    const nodes = highlightTree('the ministry said so', [
      span(4, 12, 'source', 1),
      span(0, 20, 'draft', 0),
    ])
    expect(nodes).toHaveLength(1)
    const draft = nodes[0]!
    expect(draft).toMatchObject({ kind: 'mark', start: 0, end: 20, highlight: { data: 'draft' } })
    if (draft.kind !== 'mark') throw new Error('a mark')
    expect(draft.children.map((c) => (c.kind === 'text' ? c.text : c.highlight.data))).toEqual([
      'the ',
      'source',
      ' said so',
    ])
  })

  it('splits a span that crosses another, and keeps two equal spans apart', () => {
    const crossing = highlightTree('abcdef', [span(1, 4, 'x', 0), span(3, 5, 'y', 1)])
    expect(flatten(crossing).cover.map((c) => c.join('+'))).toEqual(['', 'x', 'x', 'x+y', 'y', ''])
    expect(crossing.filter((n) => n.kind === 'mark').map((n) => n.start)).toEqual([1, 4])

    // Two statements naming the same source: two marks, one inside the other.
    const same = highlightTree('the weather service', [span(4, 19, 'a', 3), span(4, 19, 'b', 3)])
    expect(flatten(same).cover[10]).toEqual(['a', 'b'])
  })

  it('clips spans past either end and leaves out empty and reversed ones', () => {
    const nodes = highlightTree('abc', [
      span(-5, 1, 'head'),
      span(2, 99, 'tail'),
      span(2, 2, 'empty'),
      span(3, 1, 'reversed'),
      span(Number.NaN, 2, 'nan'),
    ])
    expect(flatten(nodes).cover.map((c) => c.join('+'))).toEqual(['head', '', 'tail'])
    expect(highlightTree('', [span(0, 3, 'x')])).toEqual([])
    expect(highlightTree('plain', [])).toEqual([{ kind: 'text', start: 0, end: 5, text: 'plain' }])
  })
})
