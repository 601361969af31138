import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../core/markdown.js'
import type { PublicUpdate } from '../../../core/public-shape.js'
import { updateView } from '../view.js'
import { UpdateCard } from './update-card.js'

const ctx = { now: Date.parse('2023-01-13T12:00:00Z'), timeZone: 'UTC' }

const shape = (over: Partial<PublicUpdate>): PublicUpdate => ({
  id: 'u1',
  story: 'soledar',
  headline: 'Town contested',
  body: '',
  body_html: '',
  media: [],
  related: [],
  sources: [],
  pinned: false,
  key_event: false,
  status: 'published',
  author: 'Desk',
  version: 1,
  created_at: '2023-01-13T11:00:00Z',
  updated_at: '2023-01-13T11:00:00Z',
  published_at: '2023-01-13T11:00:00Z',
  edited_at: null,
  deleted_at: null,
  ...over,
})

const render = (update: PublicUpdate): string =>
  renderToString(h(UpdateCard, { update: updateView(update), ctx }))

describe(UpdateCard.name, () => {
  it('renders time, headline, body, figure with credit, sources and related teasers', () => {
    const body = 'The ministry **said** so.'
    const html = render(
      shape({
        body,
        body_html: renderMarkdown(body),
        media: [
          {
            url: 'https://img.example/a.jpg',
            caption: 'Ruins',
            credit: 'Agency/dpa',
            alt: 'Ruins of a mine',
          },
        ],
        related: [{ title: 'Fate of the town unclear', url: 'https://example.org/r' }],
        sources: [{ name: 'Defence Ministry', kind: 'military' }],
        key_event: true,
        edited_at: '2023-01-13T11:30:00Z',
      }),
    )
    expect(html).toContain('<time class="ts" datetime="2023-01-13T11:00:00Z"')
    expect(html).toContain(
      '<span class="clock">11:00 UTC</span><span class="rel"> · 1 h ago</span>',
    )
    expect(html).toContain('<h3 id="u-u1-h" class="headline">Town contested</h3>')
    expect(html).toContain('<p>The ministry <strong>said</strong> so.</p>')
    expect(html).toContain(
      '<figcaption>Ruins<span class="credit">Image: Agency/dpa</span></figcaption>',
    )
    expect(html).toContain('Defence Ministry')
    expect(html).toContain(
      '<a href="https://example.org/r" rel="noopener">Fate of the town unclear</a>',
    )
    expect(html).toContain('Key event')
    expect(html).toContain('href="/stories/soledar/updates/u1/history"')
  })

  it('escapes every text field and drops unsafe URLs, keeping their text', () => {
    const html = render(
      shape({
        headline: '<script>alert(1)</script>',
        media: [
          { url: 'javascript:alert(1)', caption: 'x', credit: 'y', alt: 'z' },
          {
            url: '/ok.png',
            caption: '<svg onload=alert(1)>',
            credit: '<b>c</b>',
            alt: '" onerror="alert(1)',
          },
        ],
        related: [{ title: '<img src=x onerror=alert(1)>', url: 'data:text/html,hi' }],
        sources: [{ name: '<i>Agency</i>', url: 'javascript:alert(1)', kind: 'agency' }],
      }),
    )
    expect(html).not.toMatch(/<script|<svg|<img src=x|<b>|<i>|javascript:|data:/)
    expect(html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)"')
    expect(html).toContain('<span>&lt;img src=x onerror=alert(1)></span>')
    expect((html.match(/<figure>/g) ?? []).length).toBe(1)
  })
})
