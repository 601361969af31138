/** @module server/reader/components/raw-html — the only two places reader markup is not escaped, each with its reason. */
import type { SanitisedHtml } from '../view.js'

export interface SanitisedMarkdownProps {
  /** Output of `renderMarkdown` (raw HTML off, sanitised), branded so nothing else fits. */
  html: SanitisedHtml
  /** Class of the wrapping element. */
  class: string
}

/** Inserts sanitised Markdown output. Every other string on reader pages is escaped by Preact. */
export function SanitisedMarkdown({ html, class: className }: SanitisedMarkdownProps) {
  return <div class={className} dangerouslySetInnerHTML={{ __html: html }} />
}

/**
 * Serialises data for a `<script type="application/ld+json">` block. `<`, `>` and `&` become
 * `\u003c`, `\u003e`, `\u0026` (and the two JS line separators are escaped), so no text can
 * close the script element or open a comment in it.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** Structured data for search engines: a data block, never executed (and allowed by the CSP). */
export function JsonLdScript({ data }: { data: unknown }) {
  return (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }}
    />
  )
}

/**
 * Data for the live script: a `<script type="application/json">` block, never executed (the CSP
 * allows no inline script), escaped like JSON-LD so no text can end the element.
 */
export function JsonDataScript({ id, data }: { id: string; data: unknown }) {
  return (
    <script
      type="application/json"
      id={id}
      dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }}
    />
  )
}
