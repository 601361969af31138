/** @module core/markdown — the one way Markdown becomes HTML: raw HTML off, links made safe, then sanitised. */
import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

// No typographer: newsroom text renders as written (quotes stay matchable against the source).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

// Belt and braces: even if a Markdown plugin slipped HTML through, only this allowlist survives.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'h3',
    'h4',
    'hr',
    's',
    'del',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener ugc' }, true),
    // Headings inside an update must not outrank the update's own headline.
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
  },
}

/** Rendered HTML by source text: pages, feeds and the API render the same bodies over and over. */
const rendered = new Map<string, string>()
const RENDER_CACHE_ENTRIES = 5_000
const CACHEABLE_LENGTH = 20_000 // characters; longer bodies are rare and rendered each time

/** Renders untrusted Markdown to HTML that is safe to insert into a page. */
export function renderMarkdown(source: string): string {
  const cached = rendered.get(source)
  if (cached !== undefined) return cached
  const html = sanitizeHtml(md.render(source), SANITIZE)
  if (source.length <= CACHEABLE_LENGTH) {
    // Oldest first out: a Map iterates in insertion order.
    if (rendered.size >= RENDER_CACHE_ENTRIES)
      rendered.delete(rendered.keys().next().value as string)
    rendered.set(source, html)
  }
  return html
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
}

/**
 * Plain text of Markdown, for feed summaries, JSON-LD and meta descriptions. The result is text,
 * not HTML: whoever embeds it must escape it (JSX and the feed library do).
 */
export function markdownToText(source: string): string {
  return md
    .render(source)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim()
}
