/** @module ingest/html-format — extracts the main text of an HTML page: headings open updates, page furniture is dropped. */
import type { AnyNode, Element } from 'domhandler'
import { parseDocument } from 'htmlparser2'
import {
  emptySection,
  splitCaption,
  type Block,
  type ImportedDocument,
  type ImportedSection,
  type Remainder,
} from './imported-document.js'

/** Never text: code, styles, embedded documents, controls. */
const INVISIBLE = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'math',
  'head',
  'button',
  'select',
  'textarea',
  'input',
  'form',
  'dialog',
])
/** Page furniture around the main text. */
const FURNITURE = new Set(['nav', 'footer', 'menu'])
const FURNITURE_HINT =
  /(^|[\s_-])(nav|navbar|menu|footer|masthead|sidebar|cookie|consent|share|sharing|social|comments?|promo|advert|ads?|newsletter|subscribe|paywall|breadcrumbs?|skip-link)([\s_-]|$)/i
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary'])
const PARAGRAPH_TAGS = new Set(['p', 'blockquote', 'pre', 'li', 'dd', 'dt', 'address', 'td', 'th'])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
const BLOCK_TAGS = new Set([
  ...PARAGRAPH_TAGS,
  ...HEADINGS,
  'div',
  'section',
  'article',
  'main',
  'header',
  'aside',
  'figure',
  'figcaption',
  'ul',
  'ol',
  'dl',
  'table',
  'tbody',
  'thead',
  'tr',
  'hr',
  'br',
])

const isElement = (node: AnyNode): node is Element =>
  node.type === 'tag' || node.type === 'script' || node.type === 'style'

const attr = (el: Element, name: string): string => el.attribs[name] ?? ''

const safeUrl = (url: string): string =>
  /^https?:\/\/[^\s<>"]+$/i.test(url.trim()) ? url.trim() : ''

/** The text of a node with white space collapsed, as a browser would show it. */
function textOf(node: AnyNode): string {
  return rawText(node).replace(/\s+/g, ' ').trim()
}
function rawText(node: AnyNode): string {
  if (node.type === 'text') return node.data
  if (!isElement(node)) return ''
  if (INVISIBLE.has(node.name)) return ''
  if (node.name === 'br') return '\n'
  const inner = node.children.map(rawText).join('')
  return BLOCK_TAGS.has(node.name) ? ` ${inner} ` : inner
}

function isFurniture(el: Element): boolean {
  if (FURNITURE.has(el.name)) return true
  if (FURNITURE_ROLES.has(attr(el, 'role'))) return true
  if (attr(el, 'aria-hidden') === 'true' || el.attribs.hidden !== undefined) return true
  return FURNITURE_HINT.test(`${attr(el, 'class')} ${attr(el, 'id')}`)
}

function findAll(node: AnyNode, test: (el: Element) => boolean, out: Element[] = []): Element[] {
  if (isElement(node)) {
    if (test(node)) out.push(node)
    if (INVISIBLE.has(node.name) && node.name !== 'head') return out
  }
  if ('children' in node) for (const child of node.children) findAll(child, test, out)
  return out
}

/** The element holding the main text: `main`, a single `article`, or the body. */
function mainRoot(doc: AnyNode): AnyNode {
  const mains = findAll(doc, (el) => el.name === 'main' || attr(el, 'role') === 'main')
  if (mains[0]) return mains[0]
  const articles = findAll(doc, (el) => el.name === 'article')
  if (articles.length === 1 && articles[0]) return articles[0]
  const body = findAll(doc, (el) => el.name === 'body')
  return body[0] ?? doc
}

/**
 * Parses an HTML page into a lead and updates. Text inside markup is kept as text (never as
 * markup); page furniture (navigation, footers, share bars, cookie banners) is reported in the
 * remainder as boilerplate. Never throws.
 */
export function parseHtml(html: string): ImportedDocument {
  let doc: AnyNode
  try {
    doc = parseDocument(html, { withStartIndices: true, withEndIndices: true })
  } catch {
    return {
      format: 'html',
      date: undefined,
      title: undefined,
      lead: emptySection(false),
      updates: [],
      remainder: [{ start: 0, end: html.length, text: html, reason: 'unplaced' }],
      blocks: [{ kind: 'remainder', start: 0, end: html.length }],
    }
  }
  const blocks: Block[] = []
  const remainder: Remainder[] = []
  const lead = emptySection(false)
  const updates: ImportedSection[] = []
  let current = lead
  let title: string | undefined
  const root = mainRoot(doc)

  const spanOf = (node: AnyNode) => ({
    start: node.startIndex ?? 0,
    end: node.endIndex === null || node.endIndex === undefined ? html.length : node.endIndex + 1,
  })
  const dropped = (node: AnyNode) => {
    const text = textOf(node)
    if (text !== '') {
      remainder.push({ ...spanOf(node), text, reason: 'boilerplate' })
      blocks.push({ kind: 'boilerplate', ...spanOf(node) })
    }
  }
  const paragraph = (node: AnyNode, text: string) => {
    const span = spanOf(node)
    const caption = splitCaption(text)
    if (caption) {
      current.media.push({
        url: '',
        caption: caption.caption,
        credit: caption.credit,
        alt: caption.caption,
      })
      blocks.push({ kind: 'caption', ...span })
    } else {
      current.paragraphs.push(text)
      blocks.push({ kind: 'paragraph', ...span })
    }
    current.spans.push(span)
  }

  // Furniture outside the main element is reported, not imported.
  if (root !== doc) {
    const outer = findAll(doc, (e) => e.name === 'body')[0] ?? doc
    const around = (node: AnyNode): void => {
      if (node === root) return
      if (!contains(node, root)) return dropped(node)
      if ('children' in node) for (const child of node.children) around(child)
    }
    if ('children' in outer) for (const child of outer.children) around(child)
  }

  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      const text = node.data.replace(/\s+/g, ' ').trim()
      if (text !== '') paragraph(node, text)
      return
    }
    if (!isElement(node) && node.type !== 'root') return
    const name = isElement(node) ? node.name : ''
    if (isElement(node)) {
      if (INVISIBLE.has(name)) return
      if (isFurniture(node)) return dropped(node)
    }
    if (!isElement(node)) return walkChildren(node.children)
    if (name === 'time' && !date) date = /^\d{4}-\d{2}-\d{2}/.exec(attr(node, 'datetime'))?.[0]
    if (HEADINGS.has(name)) {
      const text = textOf(node)
      if (text === '') return
      const span = spanOf(node)
      if (name === 'h1' && title === undefined && updates.length === 0) {
        title = text
      } else {
        current = emptySection(false, text)
        updates.push(current)
        current.spans.push(span)
      }
      blocks.push({ kind: 'headline', ...span })
      return
    }
    if (name === 'figure' || name === 'img') {
      const img = name === 'img' ? node : findAll(node, (e) => e.name === 'img')[0]
      const caption = findAll(node, (e) => e.name === 'figcaption')[0]
      const captionText = caption ? textOf(caption) : ''
      const parts = splitCaption(captionText)
      const alt = img ? attr(img, 'alt').trim() : ''
      if (!img && captionText === '') return
      current.media.push({
        url: img ? safeUrl(attr(img, 'src')) : '',
        caption: parts?.caption ?? captionText,
        credit: parts?.credit ?? '',
        alt: alt || parts?.caption || captionText,
      })
      current.spans.push(spanOf(node))
      blocks.push({ kind: 'caption', ...spanOf(node) })
      return
    }
    if ((name === 'ul' || name === 'ol' || name === 'aside') && isLinkList(node)) {
      for (const a of findAll(node, (e) => e.name === 'a')) {
        const url = safeUrl(attr(a, 'href'))
        const text = textOf(a)
        if (text !== '') current.related.push({ title: text, url })
      }
      current.spans.push(spanOf(node))
      blocks.push({ kind: 'teaser', ...spanOf(node) })
      return
    }
    if (PARAGRAPH_TAGS.has(name) && !hasBlockChild(node)) {
      const text = textOf(node)
      if (text !== '') paragraph(node, text)
      return
    }
    walkChildren(node.children)
  }
  // A container: runs of inline content between its blocks are paragraphs of their own.
  const walkChildren = (children: AnyNode[]): void => {
    let run: AnyNode[] = []
    const flush = () => {
      const text = run.map(rawText).join('').replace(/\s+/g, ' ').trim()
      const first = run[0]
      const last = run.at(-1)
      if (text !== '' && first && last) {
        paragraph(
          { ...first, startIndex: first.startIndex, endIndex: last.endIndex } as AnyNode,
          text,
        )
      }
      run = []
    }
    for (const child of children) {
      if (
        isElement(child) &&
        (BLOCK_TAGS.has(child.name) || child.name === 'img' || isFurniture(child))
      ) {
        flush()
        walk(child)
      } else run.push(child)
    }
    flush()
  }
  let date: string | undefined = metaDate(doc)
  if (title === undefined) title = undefined
  walk(root)
  if (title === undefined) {
    const titleEl = findAll(doc, (e) => e.name === 'title')[0]
    const text = titleEl ? textOf({ ...titleEl, name: 'span' } as AnyNode) : ''
    title = text || undefined
  }
  return { format: 'html', date, title, lead, updates, remainder, blocks }
}

function metaDate(doc: AnyNode): string | undefined {
  for (const meta of findAll(doc, (e) => e.name === 'meta')) {
    const key = attr(meta, 'property') || attr(meta, 'name') || attr(meta, 'itemprop')
    if (/^(article:published_time|datePublished|date|dc\.date)$/i.test(key)) {
      const value = /^\d{4}-\d{2}-\d{2}/.exec(attr(meta, 'content'))?.[0]
      if (value) return value
    }
  }
  return undefined
}

function contains(node: AnyNode, target: AnyNode): boolean {
  if (node === target) return true
  return 'children' in node && node.children.some((c) => contains(c, target))
}

function hasBlockChild(el: Element): boolean {
  return el.children.some(
    (c) =>
      isElement(c) &&
      (HEADINGS.has(c.name) || c.name === 'p' || c.name === 'figure' || c.name === 'ul'),
  )
}

/** A list whose every item is one link: related coverage. */
function isLinkList(el: Element): boolean {
  const links = findAll(el, (e) => e.name === 'a')
  if (links.length === 0) return false
  const linkText = links.map(textOf).join(' ').length
  const allText = textOf(el).length
  return linkText >= allText * 0.8
}
