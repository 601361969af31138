/** @module storage/tables/claim — the claims ledger: `claim`, `claim_story`, `claim_revision`, `attribution`, `attribution_revision`. */
import type { Insertable, Selectable } from 'kysely'

export interface ClaimTable {
  id: string
  proposition: string
  /** JSON array of names. */
  subjects: string
  status: string
  note: string
  version: number
  merged_into: string | null
  created_by: string
  created_at: string
  updated_at: string
  verdict_at: string | null
  verdict_by: string | null
}
export type ClaimRow = Selectable<ClaimTable>
export type InsertableClaimRow = Insertable<ClaimTable>

/** Which stories a claim appears in; the first row is the story it was created in. */
export interface ClaimStoryTable {
  claim_id: string
  story_id: string
  linked_at: string
}
export type ClaimStoryRow = Selectable<ClaimStoryTable>

export interface ClaimRevisionTable {
  claim_id: string
  version: number
  change: string
  proposition: string
  status: string
  suggested_status: string
  note: string
  /** JSON object or null. */
  detail: string | null
  actor: string
  created_at: string
}
export type ClaimRevisionRow = Selectable<ClaimRevisionTable>

export interface AttributionTable {
  id: string
  claim_id: string
  source_id: string
  stance: string
  quote: string
  stated_at: string | null
  update_id: string | null
  evidence_url: string | null
  recorded_by: string
  recorded_at: string
  /** The claim it was first recorded on, kept when duplicate claims are merged. */
  original_claim_id: string
  /** The source it was first recorded with, kept when duplicate sources are merged. */
  original_source_id: string
  stated_from: string | null
  stated_to: string | null
  version: number
  corrected_at: string | null
  correction_reason: string | null
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
}
export type AttributionRow = Selectable<AttributionTable>

/** Every version of a statement: what it said, who changed it and why. */
export interface AttributionRevisionTable {
  attribution_id: string
  version: number
  change: string
  source_id: string
  stance: string
  quote: string
  stated_at: string | null
  stated_from: string | null
  stated_to: string | null
  update_id: string | null
  evidence_url: string | null
  reason: string
  actor: string
  created_at: string
}
export type AttributionRevisionRow = Selectable<AttributionRevisionTable>
