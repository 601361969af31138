/** @module ingest/extract/dateline — dates a statement from the words near its cue, against the dateline. */
import type { StatementTime } from './attribution.js'

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

/** Phrases that date a statement, longest first. */
export const TIME_PHRASE = new RegExp(
  `\\b(?:(?:on|late on|early on|by)\\s+(?:${WEEKDAYS.join('|')})(?:\\s+(?:morning|afternoon|evening|night))?|(?:${WEEKDAYS.join('|')})\\s+(?:morning|afternoon|evening|night)|earlier this week|earlier in the week|this week|last week|earlier this month|last month|overnight|last night|yesterday|today|this morning|tonight|on (?:${MONTHS.join('|')})\\s+\\d{1,2}|(?:${MONTHS.join('|')})\\s+\\d{1,2})\\b`,
  'gi',
)

const day = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000)

/**
 * Resolves a time phrase against the dateline (YYYY-MM-DD). A weekday means the last such day on
 * or before the dateline; "overnight" the night before it; "earlier this week" Monday up to the
 * day before. Returns undefined for a dateline that is no date.
 *
 * @example resolveTime('on Thursday', '2023-01-13') // { from: '2023-01-12', date: '2023-01-12' }
 */
export function resolveTime(
  phrase: string,
  dateline: string,
): Pick<StatementTime, 'date' | 'from'> | undefined {
  const base = new Date(`${dateline}T00:00:00Z`)
  if (Number.isNaN(base.getTime())) return undefined
  const p = phrase.toLowerCase()
  const single = (d: Date) => ({ date: day(d), from: day(d) })
  const weekday = WEEKDAYS.findIndex((w) => p.includes(w))
  if (weekday >= 0) return single(addDays(base, -((base.getUTCDay() - weekday + 7) % 7)))
  if (p === 'yesterday' || p === 'last night') return single(addDays(base, -1))
  if (p === 'overnight') return { from: day(addDays(base, -1)), date: day(base) }
  if (p === 'today' || p === 'this morning' || p === 'tonight') return single(base)
  const monday = addDays(base, -((base.getUTCDay() + 6) % 7))
  if (p === 'earlier this week' || p === 'earlier in the week') {
    const end = addDays(base, -1)
    return end < monday ? single(base) : { from: day(monday), date: day(end) }
  }
  if (p === 'this week') return { from: day(monday), date: day(base) }
  if (p === 'last week') return { from: day(addDays(monday, -7)), date: day(addDays(monday, -1)) }
  if (p === 'earlier this month') {
    const first = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), 1))
    return { from: day(first), date: day(base) }
  }
  if (p === 'last month') {
    const first = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() - 1, 1))
    const last = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), 0))
    return { from: day(first), date: day(last) }
  }
  const month = MONTHS.findIndex((m) => p.includes(m))
  const dom = /\d{1,2}/.exec(p)
  if (month >= 0 && dom) {
    let year = base.getUTCFullYear()
    // A date later in the year than the dateline is last year's ("December 30" in January).
    if (month > base.getUTCMonth() + 1) year--
    return single(new Date(Date.UTC(year, month, Number(dom[0]))))
  }
  return undefined
}
