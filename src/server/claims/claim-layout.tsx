/** @module server/claims/claim-layout — the HTML shell of ledger pages, until the reader site's own layout exists. */
import type { ComponentChildren } from 'preact'

// Inline, because the reader site's stylesheet is not built yet; the CSP allows inline styles only.
const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--line:#d8d8dc;--accent:#0b57d0;
--for:#1e7d32;--against:#b3261e;--reserve:#8a6d00;--withdrawn:#5f6368}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a0a4ab;--bg:#121214;--line:#3a3a40;--accent:#8ab4f8;
--for:#81c995;--against:#f28b82;--reserve:#fdd663;--withdrawn:#a0a4ab}}
*{box-sizing:border-box}body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:46rem;margin:0 auto;padding:1rem}a{color:var(--accent)}
.crumb{font-size:.9rem;color:var(--muted)}h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .6rem;border-top:1px solid var(--line);padding-top:1rem}
.status{display:inline-block;font-weight:700;border:2px solid currentColor;border-radius:4px;padding:0 .45rem}
.status-confirmed{color:var(--for)}.status-false,.status-denied{color:var(--against)}
.status-contested,.status-unverified{color:var(--reserve)}.status-retracted{color:var(--withdrawn)}
.muted{color:var(--muted)}.small{font-size:.9rem}ol,ul{padding-left:1.2rem}
.statements li{margin:0 0 1rem}blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid var(--line)}
.stance{font-weight:600}.stance-for{color:var(--for)}.stance-against{color:var(--against)}
.stance-reserve{color:var(--reserve)}.stance-withdrawn{color:var(--withdrawn)}
figure{margin:1rem 0;overflow-x:auto}svg{max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg text{fill:var(--fg)}svg .axis{stroke:var(--line)}svg .lane{stroke:var(--line);stroke-dasharray:2 4}
svg .for{fill:var(--for)}svg .against{fill:var(--against)}svg .reserve{fill:none;stroke:var(--reserve);stroke-width:2.5}
svg .withdrawn{stroke:var(--withdrawn);stroke-width:2.5}svg .verdict{fill:var(--accent)}
figcaption{font-size:.9rem;color:var(--muted)}details{margin:.6rem 0}
`

export interface ClaimLayoutProps {
  title: string
  description?: string
  canonical?: string
  /** Already-escaped JSON-LD text (see jsonLdText). */
  jsonLd?: string
  children: ComponentChildren
}

export function ClaimLayout(props: ClaimLayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        {props.canonical && <link rel="canonical" href={props.canonical} />}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
        {props.jsonLd && (
          // A data block, not a script: the CSP's script rule does not apply, and jsonLdText
          // escapes `<` so nothing inside can end the element.
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: props.jsonLd }} />
        )}
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
