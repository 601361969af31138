/** @module server/reader/components/document — the HTML document every reader page shares: head, meta tags, site header. */
import type { ComponentChildren } from 'preact'
import { JsonLdScript } from './raw-html.js'

/** What the whole reader site needs to know to render a page. */
export interface Site {
  /** Newsroom name: site header, `og:site_name`, JSON-LD publisher. */
  publisherName: string
  /** Absolute base URL, no trailing slash: canonical links, feeds, JSON-LD. */
  publicUrl: string
  /** URL of the publisher's logo for JSON-LD. */
  logoUrl: string
  /** URL of the stylesheet. */
  css: string
  /** URL of the live script; undefined when it was not built (pages still work). */
  liveScript: string | undefined
  /** URL of the claim page's script, which keeps an open claim page current; optional likewise. */
  claimScript?: string
  /** URL of the host-page script that resizes embeds. */
  embedScript: string
}

export interface PageMeta {
  /** The `<title>`. */
  title: string
  /** Meta description and `og:description`. */
  description: string
  /** Absolute canonical URL; also `og:url`. */
  canonical?: string
  /** `og:type`. */
  ogType?: 'website' | 'article'
  /** Absolute image URL for sharing cards. */
  image?: string
  /** Feeds and other representations. */
  alternates?: Array<{ type: string; href: string; title: string }>
  /** Structured data (JSON-LD). */
  jsonLd?: unknown
  /** Keep the page out of search engines (errors, embeds, history). */
  noindex?: boolean
}

export interface DocumentProps {
  site: Site
  meta: PageMeta
  /** Embeds drop the site chrome and open links in a new tab. */
  embed?: boolean
  /** Load the live script. */
  live?: boolean
  /** Another page script to load (a module, deferred like the live script). */
  script?: string
  children: ComponentChildren
}

export function Document({ site, meta, embed, live, script, children }: DocumentProps) {
  const description =
    meta.description.length > 300 ? `${meta.description.slice(0, 297)}…` : meta.description
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{meta.title}</title>
        <meta name="description" content={description} />
        {meta.noindex && <meta name="robots" content="noindex" />}
        {meta.canonical && <link rel="canonical" href={meta.canonical} />}
        {meta.alternates?.map((alt) => (
          <link key={alt.href} rel="alternate" type={alt.type} href={alt.href} title={alt.title} />
        ))}
        <meta property="og:site_name" content={site.publisherName} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={description} />
        {meta.canonical && <meta property="og:url" content={meta.canonical} />}
        {meta.image && <meta property="og:image" content={meta.image} />}
        <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={meta.title} />
        <meta name="twitter:description" content={description} />
        {meta.image && <meta name="twitter:image" content={meta.image} />}
        {embed && <base target="_blank" />}
        <link rel="icon" href="/assets/reader/logo.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={site.css} />
        {live && site.liveScript && <script type="module" src={site.liveScript} />}
        {script && <script type="module" src={script} />}
        {meta.jsonLd !== undefined && <JsonLdScript data={meta.jsonLd} />}
      </head>
      <body class={embed ? 'embed' : undefined}>
        {!embed && (
          <>
            <a class="skip" href="#main">
              Skip to content
            </a>
            <header class="site">
              <a class="brand" href="/">
                {site.publisherName}
              </a>
            </header>
          </>
        )}
        {children}
        {!embed && (
          <footer class="site-foot">
            <p>
              <a href="/">{site.publisherName}</a> · live coverage, every claim traced to its source
            </p>
          </footer>
        )}
      </body>
    </html>
  )
}

/** Joins the public base URL and a path. */
export const absolute = (site: Pick<Site, 'publicUrl'>, path: string): string =>
  /^https?:\/\//.test(path) ? path : `${site.publicUrl}${path.startsWith('/') ? '' : '/'}${path}`
