/** @module storage/tables/user — `app_user` (desk accounts) and `user_session` (server-side sessions). */
import type { Selectable } from 'kysely'

export interface AppUserTable {
  id: string
  email: string
  display_name: string
  role: string
  /** argon2id PHC string. */
  password_hash: string
  /** 1 or 0. */
  active: number
  must_change_password: number
  created_at: string
  updated_at: string
  deactivated_at: string | null
  last_login_at: string | null
}
export type AppUserRow = Selectable<AppUserTable>

export interface UserSessionTable {
  /** Hex SHA-256 of the cookie value: a stolen database row cannot be replayed as a cookie. */
  id_hash: string
  user_id: string
  /** Synchronizer token: sent back in `x-csrf-token` on every state-changing request. */
  csrf_token: string
  created_at: string
  last_seen_at: string
  expires_at: string
  user_agent: string
  ip: string
}
export type UserSessionRow = Selectable<UserSessionTable>
