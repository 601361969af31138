/** @module server/reader/components/time-stamp — a `<time>` with the clock time and how long ago. */
import { formatClock, formatFull, formatRelative } from '../time-format.js'

export interface TimeContext {
  /** Milliseconds since the epoch at render time (injected: components read no clock). */
  now: number
  /** IANA zone on the server (the newsroom's); undefined in the browser (the reader's own). */
  timeZone: string | undefined
}

export interface TimeStampProps {
  iso: string
  ctx: TimeContext
  /** Words before the time, e.g. "Updated". */
  label?: string
}

/** The live script rewrites `.clock` in the reader's zone and refreshes `.rel`. */
export function TimeStamp({ iso, ctx, label }: TimeStampProps) {
  const relative = formatRelative(iso, ctx.now)
  return (
    <time class="ts" dateTime={iso} title={formatFull(iso, ctx.timeZone)}>
      {label ? `${label} ` : ''}
      <span class="clock">{formatClock(iso, ctx.now, ctx.timeZone)}</span>
      <span class="rel">{relative ? ` · ${relative}` : ''}</span>
    </time>
  )
}
