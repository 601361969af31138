/** @module storage/tables/import-record — the `import_record` table: imported text by content hash. */
import type { Selectable } from 'kysely'

export interface ImportRecordTable {
  story_id: string
  /** Hex SHA-256 of the draft's normalised content. */
  content_hash: string
  /** Null only while the draft is being written; a failed write removes the row. */
  update_id: string | null
  /** lead, update or remainder. */
  role: string
  /** The file name or `request` for text sent to the API. */
  origin: string
  actor: string
  created_at: string
}
export type ImportRecordRow = Selectable<ImportRecordTable>
