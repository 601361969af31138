import { describe, expect, it } from 'vitest'
import { formatClock, formatFull, formatRelative } from './time-format.js'

const NOW = Date.parse('2023-01-13T12:00:00Z')

describe('formatClock', () => {
  it('shows the time of day with the zone name for today in the newsroom zone', () => {
    expect(formatClock('2023-01-13T09:05:00Z', NOW, 'UTC')).toBe('09:05 UTC')
    expect(formatClock('2023-01-13T09:05:00Z', NOW, 'Europe/Berlin')).toBe('10:05 CET')
  })

  it('adds the date when the update is from another day in that zone', () => {
    expect(formatClock('2023-01-12T23:30:00Z', NOW, 'UTC')).toBe('12 Jan 2023, 23:30 UTC')
    // Already 13 January in Berlin.
    expect(formatClock('2023-01-12T23:30:00Z', NOW, 'Europe/Berlin')).toBe('00:30 CET')
  })

  it('returns nothing for an unreadable time', () => {
    expect(formatClock('not a time', NOW, 'UTC')).toBe('')
    expect(formatFull('not a time', 'UTC')).toBe('')
  })
})

describe('formatRelative', () => {
  it.each([
    ['2023-01-13T11:59:30Z', 'just now'],
    ['2023-01-13T11:55:00Z', '5 min ago'],
    ['2023-01-13T09:00:00Z', '3 h ago'],
    ['2023-01-12T11:00:00Z', 'yesterday'],
    ['2023-01-10T11:00:00Z', '3 days ago'],
    ['2022-12-01T11:00:00Z', ''],
  ])('%s is "%s"', (iso, words) => {
    expect(formatRelative(iso, NOW)).toBe(words)
  })
})
