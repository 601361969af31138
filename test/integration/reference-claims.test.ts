import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadPlaceIndex } from '../../src/ingest/entities/place-index.js'
import { extractAttributions } from '../../src/ingest/extract/extract-attributions.js'
import { suggestClaims } from '../../src/ingest/extract/suggest-claims.js'

const REFERENCE = new URL('../../../shared/reference/live-updates-2023-01-13.txt', import.meta.url)
const present = fs.existsSync(REFERENCE)
if (!present)
  console.warn(
    'Skipping the reference claims test: ../shared/reference/live-updates-2023-01-13.txt is absent',
  )

describe.skipIf(!present)('suggested claims on the reference page', () => {
  it('groups the statements about the town’s capture with each source’s stance and date', async () => {
    const text = fs.readFileSync(REFERENCE, 'utf8')
    const claims = suggestClaims(text, extractAttributions(text), await loadPlaceIndex())
    const capture = claims.find((c) => c.key.startsWith('captured:'))
    expect(capture).toBeDefined()
    const stances = new Map<string, Set<string>>()
    for (const s of capture!.statements) {
      const set = stances.get(s.stance) ?? new Set()
      set.add(s.source_id ?? '')
      stances.set(s.stance, set)
    }
    // Who says what is read from the page: a ministry asserts, Kyiv and Ukrainian officials have
    // not confirmed, a think tank assesses it likely, the Kremlin urged caution days earlier.
    expect(stances.get('asserts')).toContain('russian-defense-ministry')
    expect(stances.get('declines_to_confirm')).toContain('kyiv')
    expect(stances.get('assesses_likely')).toContain('institute-for-the-study-of-war')
    expect(stances.get('cautions')).toContain('kremlin')
    const caution = capture!.statements.find((s) => s.source_id === 'kremlin')
    expect(caution?.time).toMatchObject({ from: '2023-01-09', date: '2023-01-12' })
  })
})
