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
    expect(html).not.toMatch(/<(script|img|svg|iframe)\b/i)
    expect(html).not.toMatch(/<[^>]*\son\w+=/i)
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i)
    expect(html).toContain('&lt;script&gt;')
  })
  it('gives plain text for summaries', () => {
    expect(markdownToText('# Title\n\nSome *text* <b>x</b>')).toBe('Title Some text <b>x</b>')
  })
})
