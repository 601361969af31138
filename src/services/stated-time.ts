/** @module services/stated-time — when a statement was said: one moment, or a span of days ("earlier this week"), checked against the clock. */
import type { Attribution } from '../core/claim.js'
import { AppError } from '../errors.js'

/** A statement may be dated a little ahead of the server's clock (skew), not into the future. */
const FUTURE_SKEW_MS = 5 * 60_000

/** What a client sends; absent fields leave the time as it is. */
export interface StatedTimeInput {
  /** One moment, ISO 8601 with a zone; null clears it. */
  statedAt?: string | null
  /** A span's first and last moments, or whole days as YYYY-MM-DD (UTC); null clears it. */
  statedFrom?: string | null
  statedTo?: string | null
}

export type StatedTimes = Pick<Attribution, 'statedAt' | 'statedFrom' | 'statedTo'>

const invalid = (field: string, message: string): AppError =>
  new AppError('REQUEST_VALIDATION_FAILED', message, { part: 'body', field })

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The times to store, or undefined when the input names none. A moment and a span exclude each
 * other; a span needs both ends, in order; nothing may lie in the future.
 * @example statedTimes({ statedFrom: '2026-03-02', statedTo: '2026-03-04' }, now)
 *   // { statedAt: null, statedFrom: '2026-03-02T00:00:00.000Z', statedTo: '2026-03-04T23:59:59.999Z' }
 */
export function statedTimes(input: StatedTimeInput, now: Date): StatedTimes | undefined {
  const { statedAt, statedFrom, statedTo } = input
  if (statedAt === undefined && statedFrom === undefined && statedTo === undefined) return undefined
  const hasMoment = typeof statedAt === 'string'
  const hasSpan = typeof statedFrom === 'string' || typeof statedTo === 'string'
  if (hasMoment && hasSpan)
    throw invalid(
      'stated_at',
      'Give either body.stated_at (a moment) or body.stated_from and body.stated_to (a span), not both',
    )
  if (hasSpan) {
    if (typeof statedFrom !== 'string' || typeof statedTo !== 'string')
      throw invalid(
        typeof statedFrom !== 'string' ? 'stated_from' : 'stated_to',
        'A span needs both body.stated_from and body.stated_to',
      )
    const from = normaliseTime('stated_from', statedFrom, now, 'start')
    const to = normaliseTime('stated_to', statedTo, now, 'end')
    if (to < from)
      throw invalid(
        'stated_to',
        `body.stated_to (${to}) is before body.stated_from (${from}): a span ends after it starts`,
      )
    return { statedAt: null, statedFrom: from, statedTo: to }
  }
  return {
    statedAt: hasMoment ? normaliseTime('stated_at', statedAt, now, 'start') : null,
    statedFrom: null,
    statedTo: null,
  }
}

/**
 * ISO 8601 with a zone, normalised to UTC; in a span, a bare day stands for its first or last
 * moment (UTC). The end of a span that is still running may not pass the clock: it is clamped.
 */
function normaliseTime(field: string, value: string, now: Date, edge: 'start' | 'end'): string {
  const text = value.trim()
  const day = field !== 'stated_at' && DAY.test(text)
  const time = day
    ? Date.parse(`${text}T00:00:00Z`) + (edge === 'end' ? 86_400_000 - 1 : 0)
    : Date.parse(text)
  if (Number.isNaN(time) || (!day && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)))
    throw invalid(
      field,
      field === 'stated_at'
        ? 'body.stated_at must be an ISO 8601 time with a zone, e.g. 2026-03-02T09:30:00Z'
        : `body.${field} must be a day (2026-03-02) or an ISO 8601 time with a zone`,
    )
  if (time > now.getTime() + FUTURE_SKEW_MS) {
    // "Earlier today" ends at the end of today: the part still to come is not a claim about it.
    if (day && edge === 'end' && time - 86_400_000 < now.getTime()) return now.toISOString()
    throw invalid(field, `body.${field} is in the future`)
  }
  return new Date(time).toISOString()
}
