/** @module server/api/claims/claims.presenter — a story's ledger as JSON and CSV. */
import { chronological, type Source } from '../../../core/claim.js'
import { publicClaim, publicSource, type ClaimView } from '../../../core/claim-shape.js'
import { stancesText } from '../../../core/claim-stances.js'
import { toCsv } from '../../../core/csv.js'
import type { Story } from '../../../core/story.js'

export const LEDGER_FORMAT = 'sitrep-claims-ledger'

export function ledgerJson(story: Story, views: ClaimView[], now: Date) {
  const sources = new Map<string, Source>()
  for (const view of views) for (const [id, source] of view.sources) sources.set(id, source)
  return {
    format: LEDGER_FORMAT,
    version: 1,
    exported_at: now.toISOString(),
    story: { slug: story.slug, title: story.title },
    claims: views.map(publicClaim),
    sources: [...sources.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(publicSource),
  }
}

const CSV_HEADER = [
  'claim_id',
  'proposition',
  'status',
  'verdict_note',
  'verdict_at',
  'suggested_status',
  'attribution_id',
  'source',
  'source_kind',
  'source_affiliation',
  'stance',
  'quote',
  'stated_at',
  'recorded_at',
  'update_id',
  'evidence_url',
  'stated_from',
  'stated_to',
  'version',
  'corrected_at',
  'correction_reason',
  'withdrawn_at',
  'withdrawn_reason',
  'claim_stances',
] as const

/**
 * One row per statement, withdrawn ones too (with why: a spreadsheet keeps the whole record); a
 * claim nobody has spoken about yet still gets one row.
 */
export function ledgerCsv(views: ClaimView[]): string {
  const rows: Array<Array<string | number | null>> = []
  for (const view of views) {
    const claim = publicClaim(view)
    const head = [
      claim.id,
      claim.proposition,
      claim.status,
      claim.note,
      claim.verdict_at,
      claim.suggested_status,
    ]
    const statements = chronological(view.attributions)
    if (statements.length === 0)
      rows.push([...head, ...Array<null>(CSV_HEADER.length - head.length - 1).fill(null), ''])
    for (const a of statements) {
      const source = view.sources.get(a.sourceId)
      rows.push([
        ...head,
        a.id,
        source?.name ?? '',
        source?.kind ?? '',
        source?.affiliation ?? '',
        a.stance,
        a.quote,
        a.statedAt,
        a.recordedAt,
        a.updateId,
        a.evidenceUrl,
        a.statedFrom,
        a.statedTo,
        a.version,
        a.correctedAt,
        a.correctionReason,
        a.withdrawnAt,
        a.withdrawnReason,
        stancesText(claim.stances),
      ])
    }
  }
  return toCsv(CSV_HEADER, rows)
}
