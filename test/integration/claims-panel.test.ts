/** The claims panel under a story's lead and the marks on attributed statements in its updates. */
import { parseDocument } from 'htmlparser2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { liveMarkupViolations } from '../helpers/markup-safety.js'

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> " onmouseover="alert(3)`

/** Elements of a fragment, as `name[attr,…]`, to show nothing but our markup was added. */
function tags(html: string): string[] {
  const out: string[] = []
  const walk = (nodes: ReturnType<typeof parseDocument>['children']): void => {
    for (const n of nodes) {
      if (n.type === 'tag') out.push(`${n.name}[${Object.keys(n.attribs).sort().join(',')}]`)
      if ('children' in n) walk(n.children as ReturnType<typeof parseDocument>['children'])
    }
  }
  walk(parseDocument(html).children)
  return out
}

describe.each(BACKENDS)('claims on the story page on %s', (backend) => {
  let server: TestServer
  let editor: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, ...options })
  const page = async (path: string) => (await fetch(server.url + path)).text()
  /** The HTML of one element, found by its opening tag's id, up to its matching close. */
  const article = (html: string, updateId: string): string => {
    const start = html.indexOf(`<article class="update" id="u-${updateId}"`)
    return html.slice(start, html.indexOf('</article>', start) + '</article>'.length)
  }
  const panel = (html: string): string => {
    const start = html.indexOf('<section class="claims-panel"')
    return html.slice(start, html.indexOf('</section>', start) + '</section>'.length)
  }
  const publish = async (slug: string, headline: string, body: string): Promise<string> =>
    (
      await api('POST', `/stories/${slug}/updates`, {
        body: { headline, body, status: 'published' },
      })
    ).body.id

  beforeAll(async () => {
    server = await startTestServer(backend)
    editor = await server.token('editor')
    await api('POST', '/stories', { body: { title: 'Quiet valley', slug: 'quiet' } })
    await api('POST', '/stories', { body: { title: 'Fighting for Veldra', slug: 'veldra' } })
  })
  afterAll(async () => server?.close())

  it('says clearly when a story has no claims, and links to the ledger', async () => {
    const html = await page('/stories/quiet')
    expect(panel(html)).toContain('What is claimed / what is confirmed')
    expect(panel(html)).toContain('No claims are tracked in this story yet.')
    expect(panel(html)).toContain('href="/stories/quiet/claims"')
  })

  it('groups the claims by verdict, each linking to its page, and marks quoted statements', async () => {
    const updateId = await publish(
      'veldra',
      'Mercenaries claim the town',
      'The group said **its fighters hold the town centre** on Monday. Others disagreed.',
    )
    const first = (
      await api('POST', '/stories/veldra/claims', {
        body: { proposition: 'Iron Company fighters hold Veldra' },
      })
    ).body
    const second = (
      await api('POST', '/stories/veldra/claims', {
        body: { proposition: 'The dam was damaged' },
      })
    ).body
    const attribute = (id: string, body: object) =>
      api('POST', `/claims/${id}/attributions`, { body })
    expect(
      (
        await attribute(first.id, {
          source: { name: 'Iron Company', kind: 'armed_group', affiliation: 'Norland' },
          stance: 'asserts',
          quote: '“its fighters hold the town centre”',
          update_id: updateId,
        })
      ).status,
    ).toBe(201)
    await attribute(first.id, {
      source: { name: 'Sudria General Staff', kind: 'military', affiliation: 'Sudria' },
      stance: 'denies',
      quote: 'a paraphrase that is not in the text',
      update_id: updateId,
    })
    await attribute(second.id, {
      source: { name: 'Sudria General Staff' },
      stance: 'asserts',
      quote: 'Others disagreed.',
      update_id: updateId,
    })
    const current = await api('GET', `/claims/${second.id}`)
    expect(
      (
        await api('PATCH', `/claims/${second.id}`, {
          body: { status: 'confirmed', note: 'Seen on satellite images' },
          headers: { 'if-match': current.headers.get('etag')! },
        })
      ).status,
    ).toBe(200)

    const html = await page('/stories/veldra')
    const p = panel(html)
    expect(p.indexOf('Confirmed')).toBeLessThan(p.indexOf('Unverified'))
    expect(p).toContain(`<a href="/stories/veldra/claims/${second.id}">The dam was damaged</a>`)
    expect(p).toContain('Asserted by Iron Company.')
    expect(p).toContain('Denied by Sudria General Staff.')
    const card = article(html, updateId)
    expect(card).toContain(
      `<strong><a class="claim-mark claim-unverified" href="/stories/veldra/claims/${first.id}" data-claim="${first.id}">its fighters hold the town centre</a></strong>`,
    )
    expect(card).toContain(
      `<a class="claim-mark claim-confirmed" href="/stories/veldra/claims/${second.id}" data-claim="${second.id}">Others disagreed.</a>`,
    )
    // The paraphrase is not in the text: its claim is already marked, so nothing is listed twice.
    expect(card).not.toContain('Claims reported here')
    expect(liveMarkupViolations(html)).toEqual([])
  })

  it('never turns hostile quotes, propositions or source names into markup', async () => {
    const body = `Reported: ${HOSTILE} and [a link](https://example.org/x) and javascript:alert(5) end.`
    const updateId = await publish('veldra', 'Hostile words', body)
    const claim = (
      await api('POST', '/stories/veldra/claims', {
        body: { proposition: `Bad ${HOSTILE} <a href="javascript:alert(6)">x</a>` },
      })
    ).body
    for (const quote of [
      HOSTILE,
      'javascript:alert(5)',
      'a link',
      '<a href="javascript:alert(7)" onclick="x()">y</a>',
      'onerror=alert(2)',
    ]) {
      expect(
        (
          await api('POST', `/claims/${claim.id}/attributions`, {
            body: {
              source: { name: `Source ${HOSTILE}` },
              stance: 'asserts',
              quote,
              update_id: updateId,
            },
          })
        ).status,
      ).toBe(201)
    }
    const html = await page('/stories/veldra')
    expect(liveMarkupViolations(html)).toEqual([])
    const card = article(html, updateId)
    // Only the markup the Markdown produced, plus our own marks and list.
    for (const tag of tags(card))
      expect(tag).toMatch(
        /^(article|header|h3|time|span|div|p|ul|li|a)\[|^a\[class,data-claim,href\]$/,
      )
    const hrefs = [...card.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    expect(hrefs.filter((h) => !/^(\/stories\/|https:\/\/example\.org)/.test(h))).toEqual([])
    expect(tags(card).filter((t) => /[[,]on/i.test(t))).toEqual([])
    // The claims data block for the live script can not end its element.
    const data = html.match(/<script type="application\/json" id="claims-data">([^]*?)<\/script>/)
    expect(data![1]).not.toContain('<')
    expect(JSON.parse(data![1]!).cards.map((c: any) => c.proposition)).toContain(
      `Bad ${HOSTILE} <a href="javascript:alert(6)">x</a>`,
    )
  })
})
