/** @module core/claim-review — schema.org ClaimReview for a claim the newsroom has given a verdict on. */
import { STATUS_LABELS, chronological, isCounted, statedTime, type ClaimStatus } from './claim.js'
import { stancesOf, type ClaimView } from './claim-shape.js'
import { stancesText } from './claim-stances.js'

/**
 * Ratings on schema.org's 1 (false) to 5 (true) scale. `alternateName` carries our own word,
 * which is what search engines show; the number only orders the verdicts.
 */
const RATING: Record<ClaimStatus, number> = {
  false: 1,
  denied: 2,
  retracted: 2,
  unverified: 3,
  contested: 3,
  confirmed: 5,
}

export interface ClaimReviewContext {
  /** Absolute URL of the claim page. */
  url: string
  /** Absolute URL of the story page, for the claim's first appearance when no update is cited. */
  storyUrl: string
  /** Absolute URL of an update in the story, by id. */
  updateUrl: (updateId: string) => string
  publisherName: string
  publisherUrl: string
}

/**
 * The ClaimReview object, or undefined while the newsroom has given no verdict (a claim that is
 * merely unverified by default has not been reviewed).
 */
export function claimReview(view: ClaimView, ctx: ClaimReviewContext): object | undefined {
  const { claim } = view
  if (!claim.verdictAt || claim.mergedInto) return undefined
  const first = chronological(view.attributions.filter(isCounted))[0]
  const firstSource = first && view.sources.get(first.sourceId)
  const appearance = first?.updateId ? ctx.updateUrl(first.updateId) : ctx.storyUrl
  const organisation = { '@type': 'Organization', name: ctx.publisherName, url: ctx.publisherUrl }
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: ctx.url,
    claimReviewed: claim.proposition,
    datePublished: claim.verdictAt.slice(0, 10),
    author: organisation,
    // Who stands where, in the words every other surface uses.
    reviewBody: stancesText(stancesOf(view.attributions, view.sources)),
    reviewRating: {
      '@type': 'Rating',
      ratingValue: RATING[claim.status],
      bestRating: 5,
      worstRating: 1,
      alternateName: STATUS_LABELS[claim.status],
      ...(claim.note ? { ratingExplanation: claim.note } : {}),
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(first ? { datePublished: statedTime(first).slice(0, 10) } : {}),
      ...(firstSource
        ? {
            author: {
              '@type': firstSource.kind === 'person' ? 'Person' : 'Organization',
              name: firstSource.name,
            },
          }
        : {}),
      appearance: { '@type': 'CreativeWork', url: appearance },
      firstAppearance: { '@type': 'CreativeWork', url: appearance },
    },
  }
}
