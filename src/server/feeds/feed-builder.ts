/** @module server/feeds/feed-builder — a story's updates as Atom 1.0 and JSON Feed 1.1, built with the `feed` package. */
import { Feed } from 'feed'
import { markdownToText } from '../../core/markdown.js'
import type { PublicStory, PublicUpdate } from '../../core/public-shape.js'
import { absolute, type Site } from '../reader/components/document.js'
import { paths, updateView } from '../reader/view.js'
import { feedContentHtml } from './feed-content.js'

/** Characters XML 1.0 forbids; one of them would make the whole feed unreadable. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
const xmlSafe = (text: string): string => text.replace(XML_INVALID, '')

/** Atom `type="html"` titles and summaries are parsed as HTML by readers: plain text must arrive escaped. */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export interface FeedInput {
  site: Site
  story: PublicStory
  /** Published updates, newest first. */
  updates: PublicUpdate[]
  /** When the story last changed publicly. */
  updated: Date
}

function buildFeed({ site, story, updates, updated }: FeedInput, textAsHtml: boolean): Feed {
  const storyUrl = absolute(site, paths.story(story.slug))
  const feed = new Feed({
    id: storyUrl,
    title: xmlSafe(story.title),
    description: xmlSafe(markdownToText(story.lead)),
    link: storyUrl,
    language: 'en',
    updated,
    generator: 'Sitrep',
    feedLinks: {
      atom: absolute(site, paths.atom(story.slug)),
      json: absolute(site, paths.json(story.slug)),
    },
    author: { name: xmlSafe(site.publisherName), link: site.publicUrl },
    copyright: `© ${site.publisherName}`,
  })
  for (const update of updates) {
    const view = updateView(update)
    const url = absolute(site, paths.update(update.story, update.id))
    const published = new Date(update.published_at ?? update.created_at)
    const headline = xmlSafe(update.headline)
    const summary = xmlSafe(markdownToText(update.body)).slice(0, 500)
    feed.addItem({
      id: url,
      link: url,
      title: textAsHtml ? escapeHtml(headline) : headline,
      description: textAsHtml ? escapeHtml(summary) : summary,
      content: xmlSafe(feedContentHtml(view, site)),
      date: new Date(update.edited_at ?? published),
      published,
      author: [{ name: xmlSafe(update.author || site.publisherName) }],
      ...(view.figures[0] ? { image: absolute(site, view.figures[0].src) } : {}),
    })
  }
  return feed
}

export function atomFeed(input: FeedInput): string {
  const feed = buildFeed(input, true)
  // The package turns `image` into an enclosure with a guessed type; readers find images in the content.
  for (const item of feed.items) delete item.image
  return feed.atom1()
}

/** The package writes JSON Feed 1.0; these are the 1.1 changes (`authors`, `language`). */
export function jsonFeed(input: FeedInput): string {
  const doc = JSON.parse(buildFeed(input, false).json1()) as Record<string, unknown> & {
    items: Array<Record<string, unknown>>
  }
  doc.version = 'https://jsonfeed.org/version/1.1'
  doc.language = 'en'
  if (doc.author) {
    doc.authors = [doc.author]
    delete doc.author
  }
  for (const item of doc.items) {
    if (item.author) {
      item.authors = [item.author]
      delete item.author
    }
  }
  return JSON.stringify(doc)
}
