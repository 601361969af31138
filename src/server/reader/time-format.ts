/** @module server/reader/time-format — clock and relative times for readers; shared by the server and the live script. */

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Intl formatters are costly to build and a page formats hundreds of times, so keep one per shape. */
function formatter(
  timeZone: string | undefined,
  shape: 'day' | 'clock' | 'date' | 'full',
): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${shape}`
  let found = formatters.get(key)
  if (!found) {
    const zoneName = timeZone === undefined ? {} : { timeZoneName: 'short' as const }
    const options: Intl.DateTimeFormatOptions =
      shape === 'day'
        ? { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }
        : shape === 'clock'
          ? { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zoneName }
          : shape === 'date'
            ? { timeZone, day: 'numeric', month: 'short', year: 'numeric' }
            : { timeZone, dateStyle: 'full', timeStyle: 'long' }
    found = new Intl.DateTimeFormat('en-GB', options)
    formatters.set(key, found)
  }
  return found
}

/**
 * The time of day, with the date when it is not today. Given a zone (the newsroom's, on the
 * server) the zone's short name follows; without one the reader's own zone is used, unnamed.
 * @example formatClock('2023-01-13T09:05:00Z', Date.parse('2023-01-13T12:00:00Z'), 'UTC') // '09:05 UTC'
 */
export function formatClock(iso: string, now: number, timeZone?: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  const clock = formatter(timeZone, 'clock').format(at)
  const day = formatter(timeZone, 'day')
  if (day.format(at) === day.format(new Date(now))) return clock
  return `${formatter(timeZone, 'date').format(at)}, ${clock}`
}

/** The full date and time, for a tooltip. */
export function formatFull(iso: string, timeZone?: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? '' : formatter(timeZone, 'full').format(at)
}

/**
 * How long ago, in words a reader scans quickly; empty after a week, when the date says enough.
 * @example formatRelative('2023-01-13T11:55:00Z', Date.parse('2023-01-13T12:00:00Z')) // '5 min ago'
 */
export function formatRelative(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  if (Number.isNaN(seconds)) return ''
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.floor(hours / 24)
  if (days < 7) return days === 1 ? 'yesterday' : `${days} days ago`
  return ''
}
