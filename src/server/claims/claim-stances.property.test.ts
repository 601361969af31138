/** @module server/claims/claim-stances.property.test — every surface shows the same stance groups, for any set of statements. */
import fc from 'fast-check'
import { render } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { AS_RECORDED, STANCES, type Attribution, type Source } from '../../core/claim.js'
import { claimCard } from '../../core/claim-card.js'
import { claimReview } from '../../core/claim-review.js'
import { publicClaim, publicClaimSummary, type ClaimView } from '../../core/claim-shape.js'
import { STANCE_ORDER, stancesText, type StanceGroup } from '../../core/claim-stances.js'
import type { Story } from '../../core/story.js'
import { ledgerCsv } from '../api/claims/claims.presenter.js'
import { ClaimPage } from './claim-page.js'
import { ClaimCardBox, ClaimsPanel } from './claims-panel.js'

const SOURCES: Source[] = ['Ministry', 'Military', 'Wagner', 'Institute', 'President'].map(
  (name, i) => ({
    id: `s${i}`,
    name,
    kind: 'government',
    affiliation: null,
    description: '',
    aliases: [],
    version: 1,
    mergedInto: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
  }),
)
const day = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 3_600_000).toISOString()

const statement = fc.record({
  source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
  stance: fc.constantFrom(...STANCES),
  said: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  span: fc.boolean(),
  recorded: fc.integer({ min: 0, max: 40 }),
  withdrawn: fc.boolean(),
})

function viewOf(
  drawn: Array<typeof statement extends fc.Arbitrary<infer T> ? T : never>,
): ClaimView {
  const attributions: Attribution[] = drawn.map((d, i) => ({
    id: `a${String(i).padStart(3, '0')}`,
    claimId: 'c1',
    sourceId: SOURCES[d.source]!.id,
    stance: d.stance,
    quote: '',
    updateId: null,
    evidenceUrl: null,
    recordedBy: 'desk',
    recordedAt: day(d.recorded),
    ...AS_RECORDED,
    statedAt: d.said !== undefined && !d.span ? day(d.said) : null,
    statedFrom: d.said !== undefined && d.span ? day(d.said) : null,
    statedTo: d.said !== undefined && d.span ? day(d.said + 24) : null,
    withdrawnAt: d.withdrawn ? day(41) : null,
    withdrawnBy: d.withdrawn ? 'desk' : null,
    withdrawnReason: d.withdrawn ? 'Recorded by mistake' : null,
  }))
  return {
    claim: {
      id: 'c1',
      proposition: 'Norland forces control Veldra',
      subjects: [],
      status: 'contested',
      note: '',
      version: 3,
      mergedInto: null,
      createdBy: 'desk',
      createdAt: day(0),
      updatedAt: day(0),
      verdictAt: day(42),
      verdictBy: 'desk',
    },
    stories: ['kessa'],
    attributions,
    sources: new Map(SOURCES.map((s) => [s.id, s])),
    revisions: [],
  }
}

/** An independent reading of the rule: each source's latest counted statement, by time said. */
function expected(view: ClaimView): StanceGroup[] {
  const latest = new Map<string, { key: string; stance: Attribution['stance'] }>()
  const first = new Map<string, string>()
  for (const a of view.attributions) {
    if (a.withdrawnAt) continue
    const key = `${a.statedAt ?? a.statedFrom ?? a.recordedAt}|${a.recordedAt}|${a.id}`
    const known = latest.get(a.sourceId)
    if (!known || key > known.key) latest.set(a.sourceId, { key, stance: a.stance })
    if (!first.has(a.sourceId) || key < first.get(a.sourceId)!) first.set(a.sourceId, key)
  }
  const ids = [...latest.keys()].sort((x, y) => (first.get(x)! < first.get(y)! ? -1 : 1))
  return STANCE_ORDER.map((stance) => ({
    stance,
    sources: ids
      .filter((id) => latest.get(id)!.stance === stance)
      .map((id) => view.sources.get(id)!.name),
  })).filter((g) => g.sources.length > 0)
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ \./g, '.')
const story: Story = {
  id: 'st1',
  slug: 'kessa',
  title: 'Kessa',
  lead: '',
  developing: true,
  status: 'live',
  version: 1,
  lastSeq: 1,
  createdAt: day(0),
  updatedAt: day(0),
}
const ctx = { now: Date.parse(day(50)), timeZone: 'UTC' }

describe('stance groups on every surface', () => {
  it('match one reading of the rule on the card, panel, claim page, JSON, CSV, ClaimReview and live cards', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 12 }), (drawn) => {
        const view = viewOf(drawn)
        const want = expected(view)
        const line = stancesText(want)
        const json = publicClaim(view)
        expect(json.stances).toEqual(want)
        const card = claimCard(publicClaimSummary(view), json.attributions)
        expect(card.groups).toEqual(want)
        // The live script rebuilds a card from the statements an event carries, in any order.
        const arrival = [...json.attributions].sort((a, b) =>
          a.recorded_at === b.recorded_at
            ? a.id < b.id
              ? -1
              : 1
            : a.recorded_at < b.recorded_at
              ? -1
              : 1,
        )
        const live = claimCard(publicClaimSummary(view), arrival)
        expect(live.groups).toEqual(want)
        // Each source once, and every latest stance kept under its own words.
        const names = want.flatMap((g) => g.sources)
        expect(new Set(names).size).toBe(names.length)
        const panel = textOf(render(ClaimsPanel({ slug: 'kessa', cards: [card] })))
        const box = textOf(render(ClaimCardBox({ slug: 'kessa', card, ctx })))
        const page = textOf(render(ClaimPage({ story, view, ctx })))
        for (const text of [panel, box, page]) {
          if (line) expect(text).toContain(line)
          else expect(text).not.toMatch(/ by [A-Z]|Urged caution:/)
        }
        const csv = ledgerCsv([view])
        for (const row of csv.trim().split('\r\n').slice(1)) expect(row).toContain(`"${line}"`)
        const review = claimReview(view, {
          url: 'https://news.example/c1',
          storyUrl: 'https://news.example/s',
          updateUrl: (id) => id,
          publisherName: 'Example News',
          publisherUrl: 'https://news.example',
        }) as { reviewBody: string }
        expect(review.reviewBody).toBe(line)
      }),
      { numRuns: 150 },
    )
  })
})
