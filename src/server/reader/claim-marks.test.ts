import { parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import type { UpdateMark } from '../../core/claim-card.js'
import { renderMarkdown } from '../../core/markdown.js'
import { markQuotes, quoteText } from './claim-marks.js'
import type { SanitisedHtml } from './view.js'

const href = (id: string) => `/stories/s/claims/${encodeURIComponent(id)}`
const mark = (quote: string, over: Partial<UpdateMark> = {}): UpdateMark => ({
  claimId: 'c1',
  quote,
  proposition: 'Norland forces control Veldra',
  status: 'contested',
  ...over,
})
const md = (text: string) => renderMarkdown(text) as SanitisedHtml

/** Every element and attribute in a fragment, to prove nothing but our link was added. */
function elements(html: string): string[] {
  const out: string[] = []
  const walk = (nodes: ReturnType<typeof parseDocument>['children']): void => {
    for (const n of nodes) {
      if (n.type === 'tag') out.push(`${n.name}[${Object.keys(n.attribs).sort().join(',')}]`)
      if ('children' in n) walk(n.children as ReturnType<typeof parseDocument>['children'])
    }
  }
  walk(parseDocument(html).children)
  return out
}

describe(markQuotes.name, () => {
  it('wraps the first exact occurrence of a quote in a link to its claim', () => {
    const { html, unplaced } = markQuotes(
      md('The ministry said: forces took the town. Later, forces took the town again.'),
      [mark('“forces took the town”')],
      href,
    )
    expect(unplaced).toEqual([])
    expect(html).toContain(
      '<a class="claim-mark claim-contested" href="/stories/s/claims/c1" data-claim="c1">forces took the town</a>. Later, forces took the town again.',
    )
  })

  it('lists a quote that does not occur verbatim, and never marks inside links', () => {
    const { html, unplaced } = markQuotes(
      md('See [the town fell](https://example.org) for more.'),
      [mark('the town fell'), mark('a paraphrase not in the text')],
      href,
    )
    expect(unplaced.map((m) => m.quote)).toEqual(['the town fell', 'a paraphrase not in the text'])
    expect(html).not.toContain('claim-mark')
  })

  it('keeps escaped text escaped around and inside a mark', () => {
    const body = md('He said <b>"5 < 6 & 7 > 2"</b> — and it stood.')
    const { html } = markQuotes(body, [mark('"5 < 6 & 7 > 2"')], href)
    expect(html).toContain('>5 &lt; 6 &amp; 7 &gt; 2</a>')
    expect(elements(html)).toEqual(['p[]', 'a[class,data-claim,href]'])
  })

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    'javascript:alert(1)',
    "' onmouseover='alert(1)",
  ])('never turns the hostile quote %s into markup', (hostile) => {
    const body = md(`Before ${hostile} after, and more words here.`)
    const { html } = markQuotes(
      body,
      [mark(hostile, { claimId: '"><script>x</script>' }), mark('after, and more')],
      href,
    )
    // Only the paragraph and our links, with only our attributes: the rest stayed text.
    for (const e of elements(html)) expect(e).toMatch(/^(p\[\]|a\[class,data-claim,href\])$/)
    expect(html).not.toMatch(/<script|<img|<svg|href="javascript/i)
    expect(html).toContain('href="/stories/s/claims/%22%3E%3Cscript%3Ex%3C%2Fscript%3E"')
    expect(html).toContain('data-claim="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
  })

  it('never cuts an entity apart', () => {
    const { html, unplaced } = markQuotes(md('Smith & Co said no.'), [mark('amp; Co said')], href)
    expect(unplaced).toHaveLength(1)
    expect(html).toBe(md('Smith & Co said no.'))
  })

  it('ignores quotes too short to stand for a statement', () => {
    expect(markQuotes(md('It is so.'), [mark('so')], href).unplaced).toHaveLength(1)
    expect(quoteText('  «Veldra is ours» ')).toBe('Veldra is ours')
  })
})
