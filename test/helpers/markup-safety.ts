/** Finds live markup that hostile content could have smuggled into a page or a feed's HTML. */
import { parseDocument } from 'htmlparser2'

type Node = ReturnType<typeof parseDocument>['children'][number]

const FORBIDDEN_ELEMENTS = new Set([
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'form',
  'meta-refresh',
])
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'srcset',
  'poster',
  'data',
])
const SCRIPT_URL = /^\s*(javascript|data|vbscript):/i

/**
 * Every violation in an HTML document or fragment: script elements (other than JSON data blocks and
 * the app's own module script), frames and SVG, event-handler attributes, script URLs.
 */
export function liveMarkupViolations(html: string): string[] {
  const problems: string[] = []
  const visit = (node: Node): void => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const name = node.name.toLowerCase()
      const attrs = node.attribs
      if (name === 'script') {
        // Data blocks (JSON-LD, the live script's claims data) are never run by the browser.
        const dataBlock =
          attrs.type === 'application/ld+json' ||
          (attrs.type === 'application/json' && attrs.id === 'claims-data')
        const ownScript =
          attrs.type === 'module' && /^\/assets\/reader\/[\w.-]+\.js$/.test(attrs.src ?? '')
        if (!dataBlock && !ownScript) problems.push(`<script ${JSON.stringify(attrs)}>`)
      }
      if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}>`)
      if (name === 'base' && attrs.href !== undefined) problems.push('<base href>')
      for (const [key, value] of Object.entries(attrs)) {
        if (/^on/i.test(key)) problems.push(`${name}[${key}]`)
        // Script URLs are refused in every attribute, not only the ones browsers follow today.
        if (
          (URL_ATTRIBUTES.has(key.toLowerCase()) || SCRIPT_URL.test(value)) &&
          SCRIPT_URL.test(value)
        )
          problems.push(`${name}[${key}=${value}]`)
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Node)
  }
  for (const node of parseDocument(html).children) visit(node)
  return problems
}
