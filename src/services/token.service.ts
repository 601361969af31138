/**
 * @module services/token — bearer tokens for machines: created once, stored hashed, revocable,
 * and bound to the desk user who made them.
 */
import { createHash, randomBytes } from 'node:crypto'
import { ROLES, type Actor, type Role } from '../core/role.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import {
  ApiTokenRepository,
  type ApiToken,
  type ApiTokenWithOwner,
} from '../storage/repositories/api-token.repository.js'
import type { ActionContext, Actions } from './action.js'
import { newId } from './ids.js'
import { assertCan } from './story.service.js'

const PREFIX = 'sitrep_'

/** `ROLES` runs from the least to the most allowed. */
const rankOf = (role: Role): number => ROLES.indexOf(role)

/** Tokens carry 256 random bits, so a fast hash is enough; a slow one would only tax every request. */
const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** What the audit log keeps of a token: never its secret or hash. */
const auditToken = (token: ApiToken) => ({
  id: token.id,
  name: token.name,
  role: token.role,
  created_by: token.createdBy,
})

/**
 * Whether a token still works: not revoked, and, when a desk user made it, that user is still
 * active and still holds at least the token's role (a token never outranks its owner).
 */
export function tokenStands(found: ApiTokenWithOwner): boolean {
  if (found.token.revokedAt) return false
  const { owner } = found
  if (!owner) return true
  return owner.active && rankOf(owner.role) >= rankOf(found.token.role)
}

export class TokenService {
  /**
   * Successful look-ups of tokens without an owner, so each request does not hit the database;
   * revocation clears it. Owned tokens are read with their owner on every request, so a
   * deactivation or demotion in any process takes effect at once.
   */
  private readonly cache = new Map<string, { actor: Actor; until: number }>()

  constructor(
    private readonly db: Db,
    private readonly actions: Actions,
  ) {}

  /**
   * Creates a token owned by the acting desk user (for a token acting, that token's owner); the
   * secret is returned once and never stored. From the server's shell (`cliContext()`, no user)
   * the token has no owner.
   */
  async createToken(
    ctx: ActionContext,
    input: { role: Role; name?: string },
  ): Promise<{ token: ApiToken; secret: string }> {
    // Only admins manage tokens, so a new token never outranks the user who makes it.
    assertCan(ctx.actor, 'token.manage')
    const secret = PREFIX + randomBytes(32).toString('base64url')
    return this.actions.run(ctx, async (action) => {
      const token: ApiToken = {
        id: newId(action.now.getTime()),
        name: input.name?.trim() || `${input.role} token`,
        role: input.role,
        createdAt: action.at,
        revokedAt: null,
        createdBy: ctx.actor.userId ?? null,
      }
      await new ApiTokenRepository(action.trx).insert(token, hashToken(secret))
      await action.audit({
        action: 'token.create',
        targetType: 'token',
        targetId: token.id,
        after: auditToken(token),
      })
      return { token, secret }
    })
  }

  /** The actor behind a bearer secret, or undefined when unknown, revoked or no longer backed. */
  async authenticate(secret: string): Promise<Actor | undefined> {
    const hash = hashToken(secret)
    const now = Date.now()
    const cached = this.cache.get(hash)
    if (cached && cached.until > now) return cached.actor
    const found = await new ApiTokenRepository(this.db.kysely).findByHash(hash)
    if (!found || !tokenStands(found)) {
      this.cache.delete(hash)
      return undefined
    }
    const { token, owner } = found
    // The owner's id rides along so a token made with this token belongs to the same user.
    const actor: Actor = {
      name: token.name,
      role: token.role,
      tokenId: token.id,
      ...(owner ? { userId: owner.id } : {}),
    }
    if (!owner) {
      // Short, so a token revoked through another process stops working within seconds.
      this.cache.set(hash, { actor, until: now + 5_000 })
      if (this.cache.size > 10_000) this.cache.clear()
    }
    return actor
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    assertCan(actor, 'token.manage')
    return new ApiTokenRepository(this.db.kysely).list()
  }

  async revokeToken(ctx: ActionContext, id: string): Promise<void> {
    assertCan(ctx.actor, 'token.manage')
    await this.actions.run(ctx, async (action) => {
      const tokens = new ApiTokenRepository(action.trx)
      const before = await tokens.findById(id)
      if (!before || !(await tokens.revoke(id, action.at)))
        throw new AppError('TOKEN_NOT_FOUND', `No active token with the id "${id}"`)
      await action.audit({
        action: 'token.revoke',
        targetType: 'token',
        targetId: id,
        before: auditToken(before),
        after: { ...auditToken(before), revoked_at: action.at },
      })
      action.afterCommit(() => this.cache.clear())
    })
  }
}
