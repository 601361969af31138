import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../core/markdown.js'
import type { PublicStory, PublicUpdate } from '../../core/public-shape.js'
import type { Site } from '../reader/components/document.js'
import { atomFeed, jsonFeed } from './feed-builder.js'

const site: Site = {
  publisherName: 'Example Daily',
  publicUrl: 'https://live.example.test',
  logoUrl: 'https://live.example.test/logo.svg',
  css: '/c.css',
  liveScript: undefined,
  embedScript: '/embed.js',
}

const story: PublicStory = {
  id: 's1',
  slug: 'soledar',
  title: 'Soledar & Bakhmut',
  lead: 'Contested.',
  lead_html: renderMarkdown('Contested.'),
  developing: true,
  status: 'live',
  version: 1,
  last_event_id: 1,
  created_at: '2023-01-13T08:00:00Z',
  updated_at: '2023-01-13T08:00:00Z',
}

const body = 'Text with ]]> twice ]]> and a \u0001 control character.'
const update: PublicUpdate = {
  id: 'u1',
  story: 'soledar',
  headline: 'Claim <b>contested</b> \u0007',
  body,
  body_html: renderMarkdown(body),
  media: [],
  related: [{ title: 'Teaser ]]>', url: 'https://example.org/t' }],
  sources: [],
  pinned: false,
  key_event: false,
  status: 'published',
  author: 'Desk',
  version: 1,
  created_at: '2023-01-13T09:00:00Z',
  updated_at: '2023-01-13T09:00:00Z',
  published_at: '2023-01-13T09:00:00Z',
  edited_at: null,
  deleted_at: null,
}

const input = { site, story, updates: [update], updated: new Date('2023-01-13T09:00:00Z') }

describe('atomFeed', () => {
  it('escapes HTML titles, keeps CDATA sections closed and drops characters XML forbids', () => {
    const xml = atomFeed(input)
    expect(xml).toContain('<title>Soledar &amp; Bakhmut</title>')
    expect(xml).toContain('<![CDATA[Claim &#60;b&#62;contested&#60;/b&#62; ]]>')
    // Every CDATA section opened is closed exactly once: no `]]>` leaks from the content.
    expect(xml.split('<![CDATA[').length).toBe(xml.split(']]>').length)
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008]/)
    expect(xml).toContain('<id>https://live.example.test/stories/soledar/updates/u1</id>')
  })
})

describe('jsonFeed', () => {
  it('writes version 1.1 with authors and language', () => {
    const doc = JSON.parse(jsonFeed(input))
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1')
    expect(doc.language).toBe('en')
    expect(doc.authors).toEqual([{ name: 'Example Daily', url: 'https://live.example.test' }])
    expect(doc.items[0]).toMatchObject({
      id: 'https://live.example.test/stories/soledar/updates/u1',
      title: 'Claim <b>contested</b> ',
      authors: [{ name: 'Desk' }],
      date_published: '2023-01-13T09:00:00.000Z',
    })
    expect(doc.items[0].author).toBeUndefined()
  })
})
