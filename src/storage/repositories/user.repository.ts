/** @module storage/repositories/user — desk accounts and their server-side sessions. */
import type { Role } from '../../core/role.js'
import type { User } from '../../core/user.js'
import type { Executor } from '../db.js'
import type { AppUserRow, UserSessionRow } from '../tables/user.table.js'

const rowToUser = (row: AppUserRow): User => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role as Role,
  active: Number(row.active) === 1,
  mustChangePassword: Number(row.must_change_password) === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deactivatedAt: row.deactivated_at,
  lastLoginAt: row.last_login_at,
})

export interface Session {
  idHash: string
  userId: string
  csrfToken: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  userAgent: string
  ip: string
}

const rowToSession = (row: UserSessionRow): Session => ({
  idHash: row.id_hash,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  expiresAt: row.expires_at,
  userAgent: row.user_agent,
  ip: row.ip,
})

export class UserRepository {
  constructor(private readonly db: Executor) {}

  async insert(user: User, passwordHash: string): Promise<void> {
    await this.db
      .insertInto('app_user')
      .values({
        id: user.id,
        email: user.email,
        display_name: user.displayName,
        role: user.role,
        password_hash: passwordHash,
        active: user.active ? 1 : 0,
        must_change_password: user.mustChangePassword ? 1 : 0,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
        deactivated_at: user.deactivatedAt,
        last_login_at: user.lastLoginAt,
      })
      .execute()
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToUser(row)
  }

  /** The user and its password hash, for sign-in. */
  async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst()
    return row && { user: rowToUser(row), passwordHash: row.password_hash }
  }

  async passwordHashOf(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', id)
      .executeTakeFirst()
    return row?.password_hash
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('app_user').selectAll().orderBy('email').execute()
    return rows.map(rowToUser)
  }

  async update(
    id: string,
    changes: Partial<{
      role: Role
      displayName: string
      active: boolean
      mustChangePassword: boolean
      passwordHash: string
      deactivatedAt: string | null
      lastLoginAt: string
      updatedAt: string
    }>,
  ): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
        ...(changes.mustChangePassword !== undefined
          ? { must_change_password: changes.mustChangePassword ? 1 : 0 }
          : {}),
        ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
        ...(changes.deactivatedAt !== undefined ? { deactivated_at: changes.deactivatedAt } : {}),
        ...(changes.lastLoginAt !== undefined ? { last_login_at: changes.lastLoginAt } : {}),
        ...(changes.updatedAt !== undefined ? { updated_at: changes.updatedAt } : {}),
      })
      .where('id', '=', id)
      .execute()
  }

  async insertSession(session: Session): Promise<void> {
    await this.db
      .insertInto('user_session')
      .values({
        id_hash: session.idHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
        user_agent: session.userAgent,
        ip: session.ip,
      })
      .execute()
  }

  /** The session and its user in one read: every request checks both, so deactivation is immediate. */
  async findSession(idHash: string): Promise<{ session: Session; user: User } | undefined> {
    const row = await this.db
      .selectFrom('user_session')
      .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
      .selectAll('user_session')
      .selectAll('app_user')
      .where('user_session.id_hash', '=', idHash)
      .executeTakeFirst()
    if (!row) return undefined
    return { session: rowToSession(row), user: rowToUser(row) }
  }

  async touchSession(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable('user_session')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id_hash', '=', idHash)
      .execute()
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('id_hash', '=', idHash).execute()
  }

  /** Ends every session of a user, or every one but `except`. */
  async deleteSessionsOf(userId: string, except?: string): Promise<void> {
    let query = this.db.deleteFrom('user_session').where('user_id', '=', userId)
    if (except) query = query.where('id_hash', '!=', except)
    await query.execute()
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('expires_at', '<', now).execute()
  }
}
