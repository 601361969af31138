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
  /**
   * The desk user who made the token (`app_user.id`); the token works only while that user is
   * active and holds at least the token's role. Null: made from the server's shell, no owner.
   */
  created_by: string | null
}
export type ApiTokenRow = Selectable<ApiTokenTable>
