/** @module server/reader/render — turns a page component into the bytes of an HTML document. */
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

export const HTML_TYPE = 'text/html; charset=utf-8'

/** Renders with escaping by default; the only unescaped markup comes from `components/raw-html`. */
export function renderDocument(page: VNode): Buffer {
  return Buffer.from(`<!doctype html>${renderToString(page)}`)
}
