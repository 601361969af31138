/** @module storage/repositories/api-token — bearer tokens by hash. */
import type { Role } from '../../core/role.js'
import type { Executor } from '../db.js'
import type { ApiTokenRow } from '../tables/api-token.table.js'

export interface ApiToken {
  id: string
  name: string
  role: Role
  createdAt: string
  revokedAt: string | null
}

const rowToToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
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
      })
      .execute()
  }

  async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('token_hash', '=', tokenHash)
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
