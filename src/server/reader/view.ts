/** @module server/reader/view — what reader components show, built from the public JSON shape (server and browser alike). */
import type { PublicStory, PublicUpdate } from '../../core/public-shape.js'
import { safeUrl } from './safe-url.js'

/**
 * HTML that came out of `renderMarkdown` (raw HTML off, sanitised). The brand keeps any other
 * string from reaching the one component that inserts HTML unescaped.
 */
export type SanitisedHtml = string & { readonly __sanitised: unique symbol }

/** Marks `body_html` / `lead_html` of the public shape, which `renderMarkdown` produced. */
const fromRenderMarkdown = (html: string): SanitisedHtml => html as SanitisedHtml

export interface FigureView {
  /** Always http(s) or a path on this server. */
  src: string
  alt: string
  caption: string
  credit: string
}

export interface LinkView {
  text: string
  /** Undefined when the URL was unsafe: the text is shown without a link. */
  href: string | undefined
}

export interface SourceView extends LinkView {
  kind: string
}

export interface UpdateView {
  id: string
  slug: string
  headline: string
  bodyHtml: SanitisedHtml
  figures: FigureView[]
  related: LinkView[]
  sources: SourceView[]
  pinned: boolean
  keyEvent: boolean
  author: string
  version: number
  publishedAt: string
  editedAt: string | null
}

export interface StoryView {
  slug: string
  title: string
  leadHtml: SanitisedHtml
  leadText: string
  developing: boolean
  status: PublicStory['status']
  version: number
  lastEventId: number
  createdAt: string
  updatedAt: string
}

export function updateView(update: PublicUpdate): UpdateView {
  const figures: FigureView[] = []
  for (const media of update.media) {
    const src = safeUrl(media.url)
    if (src) figures.push({ src, alt: media.alt, caption: media.caption, credit: media.credit })
  }
  return {
    id: update.id,
    slug: update.story,
    headline: update.headline,
    bodyHtml: fromRenderMarkdown(update.body_html),
    figures,
    related: update.related.map((r) => ({ text: r.title, href: safeUrl(r.url) })),
    sources: update.sources.map((s) => ({ text: s.name, href: safeUrl(s.url), kind: s.kind })),
    pinned: update.pinned,
    keyEvent: update.key_event,
    author: update.author,
    version: update.version,
    publishedAt: update.published_at ?? update.created_at,
    editedAt: update.edited_at,
  }
}

export function storyView(story: PublicStory, leadText = ''): StoryView {
  return {
    slug: story.slug,
    title: story.title,
    leadHtml: fromRenderMarkdown(story.lead_html),
    leadText,
    developing: story.developing,
    status: story.status,
    version: story.version,
    lastEventId: story.last_event_id,
    createdAt: story.created_at,
    updatedAt: story.updated_at,
  }
}

/** Paths of the reader site, in one place so pages, feeds and the live script agree. */
export const paths = {
  home: () => '/',
  story: (slug: string) => `/stories/${encodeURIComponent(slug)}`,
  update: (slug: string, id: string) =>
    `/stories/${encodeURIComponent(slug)}/updates/${encodeURIComponent(id)}`,
  history: (slug: string, id: string) =>
    `/stories/${encodeURIComponent(slug)}/updates/${encodeURIComponent(id)}/history`,
  events: (slug: string) => `/stories/${encodeURIComponent(slug)}/events`,
  atom: (slug: string) => `/stories/${encodeURIComponent(slug)}/feed.atom`,
  json: (slug: string) => `/stories/${encodeURIComponent(slug)}/feed.json`,
  embed: (slug: string) => `/embed/${encodeURIComponent(slug)}`,
  claim: (slug: string, id: string) =>
    `/stories/${encodeURIComponent(slug)}/claims/${encodeURIComponent(id)}`,
  ledger: (slug: string) => `/stories/${encodeURIComponent(slug)}/claims`,
  map: (slug: string) => `/stories/${encodeURIComponent(slug)}/map`,
  anchor: (id: string) => `u-${id}`,
  keyAnchor: (id: string) => `k-${id}`,
}
