import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'
import { liveMarkupViolations } from '../helpers/markup-safety.js'

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'

describe.each(BACKENDS)('claim pages on %s', (backend) => {
  let server: TestServer
  let editor: string
  let claimId: string
  let updateId: string
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, ...options })
  const page = async (path: string) => {
    const res = await fetch(server.url + path, { redirect: 'manual' })
    return { status: res.status, headers: res.headers, html: await res.text() }
  }
  const jsonLd = (html: string): any[] =>
    [...html.matchAll(/<script type="application\/ld\+json">([^]*?)<\/script>/g)].map((m) =>
      JSON.parse(m[1]!),
    )

  beforeAll(async () => {
    server = await startTestServer(backend, {
      SITREP_PUBLIC_URL: 'https://news.example',
      SITREP_PUBLISHER: 'Example News',
      SITREP_TIMEZONE: 'Europe/Berlin',
    })
    editor = await server.token('editor')
    await api('POST', '/stories', { body: { title: 'Fighting for Veldra', slug: 'veldra' } })
    updateId = (
      await api('POST', '/stories/veldra/updates', {
        body: { headline: 'Mercenaries claim the town', status: 'published' },
      })
    ).body.id
    claimId = (
      await api('POST', '/stories/veldra/claims', {
        body: { proposition: `Norland forces control Veldra ${HOSTILE}`, subjects: ['Veldra'] },
      })
    ).body.id
    const statements = [
      {
        source: { name: `Iron Company ${HOSTILE}`, kind: 'armed_group', affiliation: 'Norland' },
        stance: 'asserts',
        quote: `[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>`,
        stated_at: '2026-03-02T09:00:00Z',
        update_id: updateId,
      },
      {
        source: {
          name: 'Sudria General Staff',
          kind: 'military',
          affiliation: 'Sudria',
          description: 'Commands Sudria’s armed forces.',
        },
        stance: 'declines_to_confirm',
        quote: 'Our defenders hold their positions.',
        stated_at: '2026-03-03T08:00:00Z',
        evidence_url: 'https://example.org/statement',
      },
      {
        source: { name: 'Sudria General Staff' },
        stance: 'asserts',
        quote: 'Our units withdrew.',
        stated_at: '2026-03-05T18:00:00Z',
      },
    ]
    for (const body of statements)
      expect((await api('POST', `/claims/${claimId}/attributions`, { body })).status).toBe(201)
  })
  afterAll(async () => server?.close())

  it('shows a claim without a verdict, readable without any script, and no ClaimReview yet', async () => {
    const res = await page(`/stories/veldra/claims/${claimId}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.html).toMatch(/^<!doctype html>/)
    expect(res.html).toContain('We have not given a verdict yet.')
    expect(res.html).toContain(
      'Suggested status: <span class="badge claim-status claim-confirmed">',
    )
    expect(jsonLd(res.html)).toEqual([])
    // Before any verdict the axis spans the statements' days.
    const svg = /<svg[^]*?<\/svg>/.exec(res.html)![0]
    for (const day of ['3 Mar', '4 Mar', '5 Mar']) expect(svg).toContain(`>${day}</text>`)
    // Everything is in the HTML; the only script (when built) keeps an open page current.
    expect(res.html).not.toMatch(
      /<script(?![^>]*(?:application\/ld\+json|src="\/assets\/reader\/claim-live-))/,
    )
  })

  it('never turns hostile text into markup', async () => {
    const { html } = await page(`/stories/veldra/claims/${claimId}`)
    // Our own timeline is the one SVG on the page; nothing else may carry live markup.
    expect(html.match(/<svg/g)).toHaveLength(1)
    expect(liveMarkupViolations(html).filter((p) => p !== '<svg>')).toEqual([])
    expect(html).not.toContain('<script>alert')
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/<[^>]*\son\w+=/i)
    expect(html).not.toMatch(/href="\s*javascript:/i)
    expect(html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(html).toContain('[click](javascript:alert(3))')
  })

  it('draws the timeline as SVG: one lane per source, one mark per statement, verdicts on top', async () => {
    const before = await api('GET', `/claims/${claimId}`)
    await api('PATCH', `/claims/${claimId}`, {
      headers: { 'if-match': `"${before.body.version}"` },
      body: { status: 'confirmed', note: `Both sides agree ${HOSTILE}` },
    })
    const { html } = await page(`/stories/veldra/claims/${claimId}`)
    const svg = /<svg[^]*?<\/svg>/.exec(html)![0]
    expect(svg).toContain('role="img"')
    expect(svg.match(/<polygon class="tl-for"/g)).toHaveLength(2)
    expect(svg.match(/<circle class="tl-reserve"/g)).toHaveLength(1)
    expect(svg.match(/<rect class="tl-verdict"/g)).toHaveLength(1)
    expect(svg).toContain('Sudria General Staff</text>')
    expect(svg).toContain('<title>Sudria General Staff declines to confirm</title>')
    // The statements and the history are also in words, in the newsroom's time zone.
    expect(html).toMatch(
      /<time class="ts" datetime="2026-03-02T09:00:00.000Z"[^>]*><span class="clock">2 Mar 2026, 10:00 CET<\/span>/,
    )
    expect(html).toContain('Commands Sudria’s armed forces.')
    expect(html).toContain(`href="/stories/veldra/updates/${updateId}"`)
    expect(html).toContain('href="https://example.org/statement" rel="nofollow noopener ugc"')
    expect(html).toContain('Verdict changed from Unverified to Confirmed')
  })

  it('publishes a ClaimReview once an editor has given a verdict, escaped so it cannot end its script', async () => {
    const { html } = await page(`/stories/veldra/claims/${claimId}`)
    const [review, ...rest] = jsonLd(html)
    expect(rest).toEqual([])
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://news.example/stories/veldra/claims/${claimId}`,
      claimReviewed: `Norland forces control Veldra ${HOSTILE}`,
      author: { '@type': 'Organization', name: 'Example News' },
      reviewRating: { '@type': 'Rating', alternateName: 'Confirmed', ratingValue: 5 },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2026-03-02',
        author: { name: `Iron Company ${HOSTILE}` },
        firstAppearance: { url: `https://news.example/stories/veldra/updates/${updateId}` },
      },
    })
    expect(review.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const block = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(html)![1]!
    expect(block).not.toContain('<')
    expect(block).toContain('\\u003cscript\\u003e')
  })

  it('lists the story’s claims by verdict', async () => {
    const other = await api('POST', '/stories/veldra/claims', {
      body: { proposition: 'The Veldra bridge is intact' },
    })
    const res = await page('/stories/veldra/claims')
    expect(res.status).toBe(200)
    const confirmed = res.html.indexOf('claim-confirmed')
    const unverified = res.html.indexOf('claim-unverified')
    expect(confirmed).toBeGreaterThan(0)
    expect(unverified).toBeGreaterThan(confirmed)
    expect(res.html).toContain(`href="/stories/veldra/claims/${other.body.id}"`)
    expect(res.html).toContain('3 statements')
  })

  it('sends readers of a merged claim to the one that absorbed it, and answers missing claims in HTML', async () => {
    const dup = await api('POST', '/stories/veldra/claims', {
      body: { proposition: 'Veldra fell' },
    })
    await api('POST', `/claims/${dup.body.id}/merge`, { body: { into: claimId } })
    const moved = await page(`/stories/veldra/claims/${dup.body.id}`)
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe(`/stories/veldra/claims/${claimId}`)

    await api('POST', '/stories', { body: { title: 'Elsewhere', slug: 'elsewhere' } })
    for (const path of [
      '/stories/veldra/claims/nope',
      `/stories/elsewhere/claims/${claimId}`,
      `/stories/nowhere/claims/${claimId}`,
      '/stories/nowhere/claims',
    ]) {
      const res = await page(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.html).toContain('We could not find that page')
    }
  })
})
