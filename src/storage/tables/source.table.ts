/** @module storage/tables/source — `source` (shared by every story), its names and its revisions. */
import type { Selectable } from 'kysely'

export interface SourceTable {
  id: string
  name: string
  kind: string
  affiliation: string | null
  description: string
  /** JSON array of other names; `source_name` indexes them. */
  aliases: string
  version: number
  merged_into: string | null
  created_at: string
  updated_at: string
}
export type SourceRow = Selectable<SourceTable>

/** Every name and alias of a live source by its lookup key (unique: one name, one source). */
export interface SourceNameTable {
  name_key: string
  source_id: string
}

export interface SourceRevisionTable {
  source_id: string
  version: number
  /** JSON snapshot of the source at this version. */
  snapshot: string
  actor: string
  created_at: string
}
