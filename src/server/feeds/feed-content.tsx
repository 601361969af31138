/** @module server/feeds/feed-content — the HTML of one update inside a feed: body, figures, sources, related links. */
import { renderToString } from 'preact-render-to-string'
import { absolute, type Site } from '../reader/components/document.js'
import { SanitisedMarkdown } from '../reader/components/raw-html.js'
import type { UpdateView } from '../reader/view.js'

/** Feed readers show content out of the page, so image URLs are absolute and markup is plain. */
function FeedContent({ update, site }: { update: UpdateView; site: Site }) {
  return (
    <>
      <SanitisedMarkdown class="body" html={update.bodyHtml} />
      {update.figures.map((f) => (
        <figure key={f.src}>
          <img src={absolute(site, f.src)} alt={f.alt} />
          <figcaption>
            {f.caption}
            {f.credit && ` Image: ${f.credit}`}
          </figcaption>
        </figure>
      ))}
      {update.sources.length > 0 && (
        <p>
          Sources:{' '}
          {update.sources.map((s, i) => (
            <>
              {i > 0 && ', '}
              {s.href ? <a href={s.href}>{s.text}</a> : s.text}
            </>
          ))}
        </p>
      )}
      {update.related.map((r, i) => (
        <p key={i}>Read more: {r.href ? <a href={r.href}>{r.text}</a> : r.text}</p>
      ))}
    </>
  )
}

/** Escaped HTML of an update for a feed; never contains `]]>`, so a CDATA section cannot be closed early. */
export function feedContentHtml(update: UpdateView, site: Site): string {
  return renderToString(<FeedContent update={update} site={site} />).replace(/]]>/g, ']]&gt;')
}
