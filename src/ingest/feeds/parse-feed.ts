/** @module ingest/feeds/parse-feed — RSS, Atom and JSON Feed into items; hostile input is reported, never expanded. */
import { parseFeed as parseXmlFeed } from 'htmlparser2'
import { DEFAULT_MARKUP_LIMITS, markupLimitExceeded, type MarkupLimits } from '../markup-limits.js'

export interface FeedEntry {
  /** The item's guid or id; its link or title when it has none. */
  id: string
  title: string
  link: string
  /** HTML or text, as the feed gives it. */
  content: string
  published: string | undefined
}

export type ParsedFeed =
  | { ok: true; title: string; entries: FeedEntry[]; oversized: string[] }
  | { ok: false; reason: string }

/** An item larger than this (UTF-16 code units) is reported and left out. */
export const MAX_ENTRY_CHARS = 200_000
/** More items than this in one fetch are left for later polls. */
export const MAX_ENTRIES = 200

/**
 * Parses a feed document. The XML parser does not read DTDs, so entity declarations (the
 * "billion laughs") stay literal text instead of expanding; malformed documents give a reason.
 */
export function parseFeedDocument(
  body: string,
  limits: MarkupLimits = DEFAULT_MARKUP_LIMITS,
): ParsedFeed {
  const head = body.trimStart()
  if (head.startsWith('{')) return parseJsonFeed(body)
  if (!head.startsWith('<')) return { ok: false, reason: 'Not a feed: neither XML nor JSON' }
  // The XML parser is lenient; a document cut short or never closed is refused here instead.
  if (!/<\/(?:rss|feed|rdf:RDF)>\s*$/.test(body))
    return { ok: false, reason: 'The XML is malformed: the feed is not closed' }
  // Nesting and size are checked before the parser builds its tree.
  const tooComplex = markupLimitExceeded(body, { xmlMode: true }, limits)
  if (tooComplex) return { ok: false, reason: tooComplex }
  let feed: ReturnType<typeof parseXmlFeed>
  try {
    feed = parseXmlFeed(body, { xmlMode: true, decodeEntities: true })
  } catch {
    return { ok: false, reason: 'The XML could not be parsed' }
  }
  if (!feed) return { ok: false, reason: 'Not an RSS or Atom feed' }
  return collect(
    feed.title ?? '',
    feed.items.map((item) => ({
      id: item.id ?? item.link ?? item.title ?? '',
      title: item.title ?? '',
      link: item.link ?? '',
      content: item.description ?? '',
      published: validDate(item.pubDate),
    })),
  )
}

function parseJsonFeed(body: string): ParsedFeed {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch {
    return { ok: false, reason: 'The JSON could not be parsed' }
  }
  const feed = doc as { version?: unknown; title?: unknown; items?: unknown }
  if (typeof feed.version !== 'string' || !feed.version.startsWith('https://jsonfeed.org/version/'))
    return { ok: false, reason: 'Not a JSON Feed: no jsonfeed.org version' }
  if (!Array.isArray(feed.items)) return { ok: false, reason: 'A JSON Feed needs an items array' }
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  return collect(
    text(feed.title),
    feed.items.map((raw: unknown) => {
      const item = (raw ?? {}) as Record<string, unknown>
      return {
        id: text(item.id) || text(item.url) || text(item.title),
        title: text(item.title),
        link: text(item.url),
        content: text(item.content_html) || text(item.content_text) || text(item.summary),
        published: validDate(new Date(text(item.date_published))),
      }
    }),
  )
}

function collect(title: string, entries: FeedEntry[]): ParsedFeed {
  const oversized: string[] = []
  const kept = entries
    .filter((e) => e.id !== '')
    .filter((e) => {
      if (e.content.length + e.title.length <= MAX_ENTRY_CHARS) return true
      oversized.push(e.id.slice(0, 200))
      return false
    })
    .slice(0, MAX_ENTRIES)
  return { ok: true, title, entries: kept, oversized }
}

const validDate = (d: Date | undefined) =>
  d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined

/** The next poll after a failure: the interval doubled per failure, at most six hours. */
export function backoffSeconds(intervalSeconds: number, failures: number): number {
  return Math.min(6 * 3600, intervalSeconds * 2 ** Math.min(failures, 10))
}
