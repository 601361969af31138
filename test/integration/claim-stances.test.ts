/** Who stands where on a claim: the same groups, in the stances' own words, on every surface a reader or integrator meets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const GROUPS = [
  { stance: 'asserts', sources: ['Norland Ministry of Defence', 'Wagner Group'] },
  { stance: 'assesses_likely', sources: ['Institute for the Study of War'] },
  { stance: 'declines_to_confirm', sources: ['Ukrainian military'] },
  { stance: 'denies', sources: ['The president'] },
]
const LINE =
  'Asserted by Norland Ministry of Defence, Wagner Group. ' +
  'Assessed as likely by Institute for the Study of War. ' +
  'Not confirmed by Ukrainian military. ' +
  'Denied by The president.'

/** The visible text of some HTML: scripts dropped, tags to spaces, white space collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<script[^]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ \./g, '.')

describe.each(BACKENDS)('stance groups on %s', (backend) => {
  let server: TestServer
  let editor: string
  let claimId = ''
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, { token: editor, ...options })
  const page = async (path: string) => (await fetch(server.url + path)).text()

  beforeAll(async () => {
    server = await startTestServer(backend, { SITREP_PUBLIC_URL: 'https://news.example' })
    editor = await server.token('editor')
    await api('POST', '/stories', { body: { title: 'Fighting for Soledar', slug: 'soledar' } })
    const update = await api('POST', '/stories/soledar/updates', {
      body: {
        headline: 'Town claimed',
        body: 'The ministry said the town was taken.',
        status: 'published',
      },
    })
    const claim = await api('POST', '/stories/soledar/claims', {
      body: { proposition: 'Norland forces have taken Soledar' },
    })
    claimId = claim.body.id
    const statements = [
      ['Norland Ministry of Defence', 'government', 'asserts', '2026-01-13T08:00:00Z'],
      ['Ukrainian military', 'military', 'declines_to_confirm', '2026-01-13T09:00:00Z'],
      ['Wagner Group', 'armed_group', 'asserts', '2026-01-13T10:00:00Z'],
      ['Institute for the Study of War', 'think_tank', 'assesses_likely', '2026-01-13T11:00:00Z'],
      ['The president', 'person', 'denies', '2026-01-13T12:00:00Z'],
    ] as const
    for (const [name, kind, stance, stated_at] of statements) {
      const res = await api('POST', `/claims/${claimId}/attributions`, {
        body: {
          source: { name, kind },
          stance,
          stated_at,
          quote: stance === 'asserts' ? 'The ministry said the town was taken.' : '',
          update_id: update.body.id,
        },
      })
      expect(res.status, res.text).toBe(201)
    }
    const verdict = await api('GET', `/claims/${claimId}`)
    const set = await api('PATCH', `/claims/${claimId}`, {
      body: { status: 'contested', note: 'Sides disagree.' },
      headers: { 'if-match': verdict.headers.get('etag')! },
    })
    expect(set.status, set.text).toBe(200)
  })
  afterAll(async () => server?.close())

  it('gives the five-statement scenario the exact groups on the panel, card, claim page, JSON, CSV and ClaimReview', async () => {
    const story = await page('/stories/soledar')
    const start = story.indexOf('<section class="claims-panel"')
    const panel = story.slice(start, story.indexOf('</section>', start))
    expect(textOf(panel)).toContain(`Norland forces have taken Soledar ${LINE}`)
    // The contract: the page as text, without scripts, groups sources with each group's phrase.
    expect(textOf(story)).toContain(LINE)

    const data = /<script[^>]*id="claims-data"[^>]*>([^]*?)<\/script>/.exec(story)
    const cards = JSON.parse(data![1]!).cards as Array<{ id: string; groups: unknown }>
    expect(cards.find((c) => c.id === claimId)?.groups).toEqual(GROUPS)

    const claimPage = await page(`/stories/soledar/claims/${claimId}`)
    expect(textOf(claimPage)).toContain(`Where sources stand ${LINE}`)
    const ld = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(claimPage)
    expect(JSON.parse(ld![1]!).reviewBody).toBe(LINE)

    const json = await api('GET', `/claims/${claimId}`)
    expect(json.body.stances).toEqual(GROUPS)
    const ledger = await api('GET', '/stories/soledar/ledger.json')
    expect(ledger.status).toBe(200)
    expect(JSON.stringify(ledger.body)).toContain(JSON.stringify(GROUPS))

    const csv = await (await fetch(`${server.url}/api/v1/stories/soledar/ledger.csv`)).text()
    const rows = csv.trim().split('\r\n')
    expect(rows[0]).toMatch(/,"claim_stances"$/)
    expect(rows).toHaveLength(6)
    for (const row of rows.slice(1)) expect(row.endsWith(`,"${LINE}"`)).toBe(true)
  })

  it('places a source by its latest word while its earlier one stays on the timeline', async () => {
    const res = await api('POST', `/claims/${claimId}/attributions`, {
      body: {
        source: { name: 'Ukrainian military', kind: 'military' },
        stance: 'denies',
        stated_at: '2026-01-14T08:00:00Z',
      },
    })
    expect(res.status, res.text).toBe(201)
    const json = (await api('GET', `/claims/${claimId}`)).body
    expect(json.stances).toEqual([
      GROUPS[0],
      GROUPS[1],
      { stance: 'denies', sources: ['Ukrainian military', 'The president'] },
    ])
    const claimPage = textOf(await page(`/stories/soledar/claims/${claimId}`))
    expect(claimPage).toContain('Denied by Ukrainian military, The president.')
    expect(claimPage).toContain('declines to confirm')
    expect(claimPage).toContain('Wagner Group (armed group)')
    expect(claimPage).not.toContain('(other)')
  })
})
