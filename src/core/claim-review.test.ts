import { describe, expect, it } from 'vitest'
import { AS_RECORDED, type Attribution, type Claim, type Source } from './claim.js'
import { claimReview } from './claim-review.js'
import type { ClaimView } from './claim-shape.js'

const claim: Claim = {
  id: 'c1',
  proposition: 'Norland forces control Veldra',
  subjects: [],
  status: 'confirmed',
  note: 'Both sides now say so.',
  version: 9,
  mergedInto: null,
  createdBy: 'desk',
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-05T20:00:00.000Z',
  verdictAt: '2026-03-05T20:00:00.000Z',
  verdictBy: 'desk',
}
const source: Source = {
  id: 's1',
  name: 'Iron Company',
  kind: 'armed_group',
  affiliation: 'Norland',
  description: '',
  aliases: [],
  version: 1,
  mergedInto: null,
  createdAt: '',
  updatedAt: '',
}
const first: Attribution = {
  id: 'a1',
  claimId: 'c1',
  sourceId: 's1',
  stance: 'asserts',
  quote: '',
  statedAt: '2026-03-02T09:00:00.000Z',
  updateId: 'u1',
  evidenceUrl: null,
  recordedBy: 'desk',
  recordedAt: '2026-03-02T10:00:00.000Z',
  ...AS_RECORDED,
}
const view = (c: Partial<Claim> = {}): ClaimView => ({
  claim: { ...claim, ...c },
  stories: ['veldra'],
  attributions: [first],
  sources: new Map([['s1', source]]),
  revisions: [],
})
const ctx = {
  url: 'https://news.example/stories/veldra/claims/c1',
  storyUrl: 'https://news.example/stories/veldra',
  updateUrl: (id: string) => `https://news.example/stories/veldra#update-${id}`,
  publisherName: 'Example News',
  publisherUrl: 'https://news.example',
}

describe(claimReview.name, () => {
  it('describes the verdict, who reviewed it and where the claim first appeared', () => {
    expect(claimReview(view(), ctx)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: ctx.url,
      claimReviewed: 'Norland forces control Veldra',
      datePublished: '2026-03-05',
      author: { '@type': 'Organization', name: 'Example News', url: 'https://news.example' },
      reviewBody: 'Asserted by Iron Company.',
      reviewRating: {
        '@type': 'Rating',
        ratingValue: 5,
        bestRating: 5,
        worstRating: 1,
        alternateName: 'Confirmed',
        ratingExplanation: 'Both sides now say so.',
      },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2026-03-02',
        author: { '@type': 'Organization', name: 'Iron Company' },
        appearance: {
          '@type': 'CreativeWork',
          url: 'https://news.example/stories/veldra#update-u1',
        },
        firstAppearance: {
          '@type': 'CreativeWork',
          url: 'https://news.example/stories/veldra#update-u1',
        },
      },
    })
  })

  it('says nothing before a verdict, or for a claim merged into another', () => {
    expect(claimReview(view({ verdictAt: null, status: 'unverified' }), ctx)).toBeUndefined()
    expect(claimReview(view({ mergedInto: 'c2' }), ctx)).toBeUndefined()
  })

  it('rates false lowest and names it in our words', () => {
    const review = claimReview(view({ status: 'false' }), ctx) as any
    expect(review.reviewRating).toMatchObject({ ratingValue: 1, alternateName: 'False' })
  })
})
