/** @module storage/repositories/api-token — bearer tokens by hash, with their owner's standing. */
import type { Role } from '../../core/role.js'
import type { Executor } from '../db.js'
import type { ApiTokenRow } from '../tables/api-token.table.js'

export interface ApiToken {
  id: string
  name: string
  role: Role
  createdAt: string
  revokedAt: string | null
  /** The desk user who made it; null for tokens made from the server's shell. */
  createdBy: string | null
}

/** A token with what decides whether it still works: its owner's current role and state. */
export interface ApiTokenWithOwner {
  token: ApiToken
  /** Undefined when the token has no owner. */
  owner?: { id: string; role: Role; active: boolean }
}

const rowToToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  createdBy: row.created_by ?? null,
})

export class ApiTokenRepository {
  constructor(private readonly db: Executor) {}

  async insert(token: ApiToken, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('api_token')
      .values({
        id: token.id,
        name: token.name,
        role: token.role,
        token_hash: tokenHash,
        created_at: token.createdAt,
        revoked_at: null,
        created_by: token.createdBy,
      })
      .execute()
  }

  /** One query per request: the token and, when it has one, its owner's role and state. */
  async findByHash(tokenHash: string): Promise<ApiTokenWithOwner | undefined> {
    const row = await this.db
      .selectFrom('api_token')
      .leftJoin('app_user', 'app_user.id', 'api_token.created_by')
      .selectAll('api_token')
      .select([
        'app_user.id as owner_id',
        'app_user.role as owner_role',
        'app_user.active as owner_active',
      ])
      .where('api_token.token_hash', '=', tokenHash)
      .executeTakeFirst()
    if (!row) return undefined
    const token = rowToToken(row)
    if (row.owner_id === null || row.owner_id === undefined) return { token }
    return {
      token,
      owner: {
        id: row.owner_id,
        role: row.owner_role as Role,
        active: Number(row.owner_active) === 1,
      },
    }
  }

  async findById(id: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToToken(row)
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_token')
      .selectAll()
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map(rowToToken)
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }
}
