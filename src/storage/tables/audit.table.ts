/** @module storage/tables/audit — `audit_entry`: who did what, when, with before and after. */
import type { Selectable } from 'kysely'

export interface AuditEntryTable {
  /** Time-ordered id (services/ids): the order of the log. */
  id: string
  at: string
  actor: string
  actor_role: string
  /** e.g. `update.edit`, `user.deactivate`, `session.login_failed`. */
  action: string
  target_type: string
  target_id: string
  story_slug: string | null
  /** JSON or null. */
  before: string | null
  after: string | null
  ip: string
  request_id: string
  /** Where the action came from: `http`, `cli`, `feed` or `system` (empty on older rows). */
  via: string
}
export type AuditEntryRow = Selectable<AuditEntryTable>
