/** @module storage/tables/api-token — the `api_token` table: bearer tokens, stored as SHA-256 hashes. */
import type { Selectable } from 'kysely'

export interface ApiTokenTable {
  id: string
  name: string
  role: string
  /** Hex SHA-256 of the secret; the secret itself is shown once and never stored. */
  token_hash: string
  created_at: string
  revoked_at: string | null
}
export type ApiTokenRow = Selectable<ApiTokenTable>
