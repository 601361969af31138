import { parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { markdownToText, renderMarkdown } from './markdown.js'

describe('renderMarkdown', () => {
  it('renders Markdown with safe links', () => {
    const html = renderMarkdown('**Soledar** is [contested](https://example.org/a).')
    expect(html).toContain('<strong>Soledar</strong>')
    expect(html).toContain('href="https://example.org/a"')
    expect(html).toContain('rel="nofollow noopener ugc"')
  })
  it('never lets raw HTML, scripts or dangerous links through', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '<svg><script>alert(1)</script></svg>',
      '<a href="javascript:alert(1)">x</a>',
      '[x](JaVaScRiPt:alert(1))',
      '![img](javascript:alert(1))',
    ].join('\n\n')
    const html = renderMarkdown(hostile)
    // Parsed as a browser would: hostile text may remain visible as text, never as elements or attributes.
    const elements: Array<{ name: string; attribs: Record<string, string> }> = []
    type Node = ReturnType<typeof parseDocument>['children'][number]
    const collect = (nodes: Node[]): void => {
      for (const node of nodes) {
        if (node.type === 'tag') {
          elements.push({ name: node.name, attribs: node.attribs })
          collect(node.children as Node[])
        }
      }
    }
    collect(parseDocument(html).children)
    expect(elements.map((e) => e.name).filter((n) => !['p', 'a'].includes(n))).toEqual([])
    for (const { attribs } of elements) {
      expect(Object.keys(attribs).filter((a) => /^on/i.test(a))).toEqual([])
      expect(attribs.href ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i)
    }
    expect(html).toContain('&lt;script&gt;')
  })
  it('gives plain text for summaries', () => {
    expect(markdownToText('# Title\n\nSome *text* <b>x</b>')).toBe('Title Some text <b>x</b>')
  })
})
