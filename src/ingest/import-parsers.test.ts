import fs from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../core/markdown.js'
import {
  detectFormat,
  escapeMarkdown,
  parseImport,
  toDraftUpdates,
  toReadingText,
} from './draft-updates.js'
import { parseHtml } from './html-format.js'
import type { ImportedDocument } from './imported-document.js'
import { parseMarkdownText } from './markdown-format.js'
import { parseLiveText } from './text-format.js'

const fixture = fs.readFileSync(
  new URL('../../test/fixtures/import/river-crisis-2031-03-04.txt', import.meta.url),
  'utf8',
)

/** Every string a document places somewhere: drafts, captions, credits, teasers, remainder. */
function placedText(doc: ImportedDocument): string {
  const parts: string[] = [doc.title ?? '']
  for (const s of [doc.lead, ...doc.updates]) {
    parts.push(s.headline ?? '', ...s.paragraphs)
    for (const m of s.media) parts.push(m.caption, m.credit)
    for (const r of s.related) parts.push(r.title)
  }
  parts.push(...doc.remainder.map((r) => r.text))
  return parts.join('\n')
}

describe(parseLiveText.name, () => {
  it('reads the dateline, the lead with its caption, one update per headline and the teasers', () => {
    const sut = parseLiveText(fixture)
    expect(sut.date).toBe('2031-03-04')
    expect(sut.lead.paragraphs[0]).toMatch(/^Floodwater broke through/)
    expect(sut.lead.paragraphs).toContain('This is a developing situation and will be updated.')
    expect(sut.lead.paragraphs.at(-1)).toBe(
      'Here are other developments in the river crisis on March 4:',
    )
    expect(sut.lead.media).toEqual([
      {
        url: '',
        caption: 'Sandbags stacked along the riverbank in Vukovar',
        credit: 'Ana Horvat/Riverside Press',
        alt: 'Sandbags stacked along the riverbank in Vukovar',
      },
    ])
    expect(sut.updates.map((u) => u.headline)).toEqual([
      'Serbia says Novi Sad bridges remain open',
      'Utility denies reports of a dam failure',
      'Meteorologists expect more rain',
    ])
    expect(sut.updates[0]?.paragraphs).toHaveLength(2)
    expect(sut.updates[0]?.related).toEqual([
      { title: 'Flood defences: What went wrong upstream', url: '' },
    ])
    expect(sut.updates[2]?.related).toEqual([
      { title: 'Vukovar: Residents wait for news', url: '' },
    ])
    expect(sut.remainder).toEqual([])
  })

  it('allows leading white space before the marker and a missing marker', () => {
    expect(parseLiveText('\n\t date 2024-02-29 Short lead\n\nHead\n\nBody.').date).toBe(
      '2024-02-29',
    )
    const sut = parseLiveText('Head\n\nBody text.')
    expect(sut.date).toBeUndefined()
    expect(sut.updates[0]?.headline).toBe('Head')
  })

  it('keeps a short first paragraph on the marker line in the lead, not as a headline', () => {
    const sut = parseLiveText('date 2031-03-04 Town cut off\n\nMore text follows here.')
    expect(sut.lead.paragraphs).toEqual(['Town cut off', 'More text follows here.'])
  })

  it('tiles the input with its blocks, and places every block', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('Head line', 'Teaser: more', 'Body sentence.', 'Cap Image: Credit', ''),
            fc.string({ maxLength: 80 }),
          ),
          { maxLength: 12 },
        ),
        fc.constantFrom('', ' date 2031-01-02 ', 'date 1999-12-31\t'),
        (paras, marker) => {
          const text = marker + paras.join('\n\n')
          const sut = parseLiveText(text)
          let at = 0
          for (const block of sut.blocks) {
            expect(block.start).toBe(at)
            expect(block.end).toBeGreaterThanOrEqual(block.start)
            at = block.end
          }
          expect(at).toBe(text.length)
          const placed = placedText(sut)
          for (const block of sut.blocks) {
            const piece = text.slice(block.start, block.end)
            if (block.kind === 'space') expect(piece.trim()).toBe('')
            else if (block.kind !== 'marker' && block.kind !== 'caption')
              expect(placed).toContain(piece.trim())
          }
        },
      ),
    )
  })
})

describe(parseMarkdownText.name, () => {
  it('reads headings as updates, images as media with credit and link lists as related', () => {
    const sut = parseMarkdownText(
      '# River crisis\n\nLead with *emphasis*.\n\n## Levee holds\n\nCrews worked all night.\n\n' +
        '![Sandbags](https://img.example/1.jpg "Sandbags at dawn Image: Ana Horvat")\n\n' +
        '- [Earlier: the first breach](https://news.example/a)\n- [Map of the flood](https://news.example/b)\n',
    )
    expect(sut.title).toBe('River crisis')
    expect(sut.lead.paragraphs).toEqual(['Lead with *emphasis*.'])
    expect(sut.updates[0]).toMatchObject({
      headline: 'Levee holds',
      paragraphs: ['Crews worked all night.'],
      media: [
        { url: 'https://img.example/1.jpg', caption: 'Sandbags at dawn', credit: 'Ana Horvat' },
      ],
      related: [
        { title: 'Earlier: the first breach', url: 'https://news.example/a' },
        { title: 'Map of the flood', url: 'https://news.example/b' },
      ],
    })
  })

  it('puts what it cannot place into the remainder, and tiles the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const sut = parseMarkdownText(text)
        let at = 0
        for (const block of sut.blocks) {
          expect(block.start).toBe(at)
          at = block.end
        }
        expect(at).toBe(text.length)
        for (const block of sut.blocks)
          if (block.kind === 'space') expect(text.slice(block.start, block.end).trim()).toBe('')
      }),
    )
  })
})

describe(parseHtml.name, () => {
  it('extracts the main text and reports navigation and footers as boilerplate', () => {
    const sut = parseHtml(
      '<html><head><title>Page</title><script>var x = 1</script></head><body>' +
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>' +
        '<main><h1>River crisis</h1><p>The levee held overnight.</p>' +
        '<figure><img src="https://img.example/2.jpg" alt="Levee"><figcaption>The levee at dawn Image: Ana Horvat</figcaption></figure>' +
        '<h2>Bridges reopen</h2><p>Traffic resumed at <b>noon</b>.</p><div class="share-bar">Share this</div>' +
        '<ul><li><a href="https://news.example/a">Earlier coverage</a></li></ul></main>' +
        '<footer>© Example Media</footer></body></html>',
    )
    expect(sut.title).toBe('River crisis')
    expect(sut.lead.paragraphs).toEqual(['The levee held overnight.'])
    expect(sut.lead.media[0]).toMatchObject({
      url: 'https://img.example/2.jpg',
      credit: 'Ana Horvat',
    })
    expect(sut.updates[0]).toMatchObject({
      headline: 'Bridges reopen',
      paragraphs: ['Traffic resumed at noon.'],
      related: [{ title: 'Earlier coverage', url: 'https://news.example/a' }],
    })
    expect(sut.remainder.map((r) => r.text)).toEqual([
      'Home World',
      '© Example Media',
      'Share this',
    ])
    expect(JSON.stringify(sut)).not.toContain('var x')
  })

  it('keeps markup in the text as text: an HTML import cannot smuggle markup into a body', () => {
    const doc = parseHtml(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="javascript:alert(2)">[click](javascript:alert(3))</a></p><img src="javascript:alert(4)" alt="x">',
    )
    const [lead] = toDraftUpdates(doc)
    const html = renderMarkdown(lead?.body ?? '')
    expect(html).not.toMatch(/<script|<img|href="javascript/i)
    expect(html).toContain('&lt;script&gt;')
    expect(lead?.media[0]?.url).toBe('')
  })
})

describe(toReadingText.name, () => {
  it('turns an HTML page into the text a person reads, each section spanning its own words', () => {
    const html =
      '<nav>Home</nav><main><h1>Harbour fire</h1><p>A fire broke out, the harbour master said.</p>' +
      '<h2>Road closed</h2><p>The <b>coast</b> road was closed.</p></main>'
    const { text, doc } = toReadingText(parseHtml(html))
    expect(text).toBe(
      'Harbour fire\n\nA fire broke out, the harbour master said.\n\nRoad closed\n\nThe coast road was closed.',
    )
    const [lead, road] = toDraftUpdates(doc)
    expect(lead?.spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'A fire broke out, the harbour master said.',
    ])
    expect(road?.spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'Road closed\n\nThe coast road was closed.',
    ])
  })
})

describe(toDraftUpdates.name, () => {
  it('makes a lead draft, one draft per update and escapes plain text', () => {
    const drafts = toDraftUpdates(parseLiveText(fixture))
    expect(drafts.map((d) => d.role)).toEqual(['lead', 'update', 'update', 'update'])
    expect(drafts[0]?.headline).toBe('Lead — 2031-03-04')
    expect(escapeMarkdown('# not a heading *or bold* [x](y)')).toBe(
      '\\# not a heading \\*or bold\\* \\[x\\](y)',
    )
  })

  it('never throws, whatever the input and format', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400, unit: 'binary' }),
        fc.constantFrom('text', 'markdown', 'html') as fc.Arbitrary<'text' | 'markdown' | 'html'>,
        (text, format) => {
          const drafts = toDraftUpdates(parseImport(text, format))
          for (const d of drafts) expect(d.headline.length).toBeGreaterThan(0)
        },
      ),
    )
  }, 20_000)

  it('renders escaped plain text back to the same visible text', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 60 })
          .filter((s) => /^[\w ,.*_#[\]<>&|~`-]+$/.test(s.trim()) && s.trim() === s),
        (text) => {
          const html = renderMarkdown(escapeMarkdown(text))
          const visible = html
            .replace(/<[^>]+>/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&')
            .trim()
          expect(visible.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '))
        },
      ),
    )
  })
})

describe(detectFormat.name, () => {
  it('goes by the file name first, then by the text', () => {
    expect(detectFormat('x', 'a.HTML')).toBe('html')
    expect(detectFormat('x', 'a.md')).toBe('markdown')
    expect(detectFormat('<!doctype html><p>x')).toBe('html')
    expect(detectFormat(' date 2031-01-01 Lead')).toBe('text')
    expect(detectFormat('## Heading\n\ntext')).toBe('markdown')
  })
})
