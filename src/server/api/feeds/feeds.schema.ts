/** @module server/api/feeds/feeds.schema — the feeds a story follows (feeds in) and a poll's report. */
import { Type } from 'typebox'
import { ERRORS, type ErrorCode } from '../../../errors.js'
import { MIN_INTERVAL_SECONDS } from '../../../services/feed.service.js'

/** Longest interval: beyond a day a feed is better checked by hand. */
export const MAX_INTERVAL_SECONDS = 24 * 3600 // 1 day

const Code = Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.keys(ERRORS) })

export const FeedSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    interval_seconds: Type.Integer({ description: 'Seconds between two polls when all is well' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('ok'), Type.Literal('failing')], {
      description: 'pending: never polled yet; ok: the last poll worked; failing: see last_error',
    }),
    last_error: Type.Union([Type.String(), Type.Null()], {
      description: 'The code and message of the last failed poll; null after a good one',
    }),
    failures: Type.Integer({ description: 'Consecutive failed polls; each doubles the wait' }),
    last_polled_at: Type.Union([Type.String(), Type.Null()]),
    next_poll_at: Type.String(),
    drafts_made: Type.Integer({ description: 'Draft updates its items have made' }),
    created_by: Type.String(),
    created_at: Type.String(),
  },
  { $id: 'Feed' },
)

export const AddFeedBody = Type.Object(
  {
    url: Type.String({
      maxLength: 2048,
      description: 'An RSS, Atom or JSON Feed address (absolute http or https URL)',
    }),
    interval_seconds: Type.Optional(
      Type.Integer({
        minimum: MIN_INTERVAL_SECONDS,
        maximum: MAX_INTERVAL_SECONDS,
        default: 300,
        description: 'Seconds between two polls',
      }),
    ),
  },
  { additionalProperties: false },
)

export const FeedParams = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  id: Type.String({ maxLength: 64 }),
})

export const FeedPollReportSchema = Type.Object(
  {
    feed: Type.String(),
    url: Type.String(),
    status: Type.Union([Type.Literal('new'), Type.Literal('unchanged'), Type.Literal('failed')], {
      description: 'new: the feed answered with content; unchanged: 304; failed: see error',
    }),
    drafts: Type.Integer({ description: 'Draft updates made by this poll' }),
    duplicates: Type.Integer({ description: 'Items or texts taken before, skipped' }),
    skipped: Type.Array(Type.Object({ item: Type.String(), code: Code, message: Type.String() })),
    error: Type.Optional(Type.Object({ code: Code, message: Type.String() })),
    next_poll_at: Type.String(),
  },
  { description: 'What one poll of a feed did' },
)
