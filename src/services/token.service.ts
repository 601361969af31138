/** @module services/token — bearer tokens for machines: created once, stored hashed, revocable. */
import { createHash, randomBytes } from 'node:crypto'
import type { Actor, Role } from '../core/role.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import { ApiTokenRepository, type ApiToken } from '../storage/repositories/api-token.repository.js'
import { newId } from './ids.js'
import type { Clock } from './services.js'
import { assertCan } from './story.service.js'

const PREFIX = 'sitrep_'

/** Tokens carry 256 random bits, so a fast hash is enough; a slow one would only tax every request. */
const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex')

export class TokenService {
  /** Successful look-ups, so each request does not hit the database; revocation clears it. */
  private readonly cache = new Map<string, { actor: Actor; until: number }>()

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Creates a token; the secret is returned once and never stored. `actor` absent: the CLI (trusted). */
  async createToken(
    actor: Actor | undefined,
    input: { role: Role; name?: string },
  ): Promise<{ token: ApiToken; secret: string }> {
    if (actor) assertCan(actor, 'token.manage')
    const secret = PREFIX + randomBytes(32).toString('base64url')
    const token: ApiToken = {
      id: newId(),
      name: input.name?.trim() || `${input.role} token`,
      role: input.role,
      createdAt: this.clock().toISOString(),
      revokedAt: null,
    }
    await new ApiTokenRepository(this.db.kysely).insert(token, hashToken(secret))
    return { token, secret }
  }

  /** The actor behind a bearer secret, or undefined when unknown or revoked. */
  async authenticate(secret: string): Promise<Actor | undefined> {
    const hash = hashToken(secret)
    const now = Date.now()
    const cached = this.cache.get(hash)
    if (cached && cached.until > now) return cached.actor
    const token = await new ApiTokenRepository(this.db.kysely).findByHash(hash)
    if (!token || token.revokedAt) {
      this.cache.delete(hash)
      return undefined
    }
    const actor: Actor = { name: token.name, role: token.role }
    // Short, so a token revoked through another process stops working within seconds.
    this.cache.set(hash, { actor, until: now + 5_000 })
    if (this.cache.size > 10_000) this.cache.clear()
    return actor
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    assertCan(actor, 'token.manage')
    return new ApiTokenRepository(this.db.kysely).list()
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    assertCan(actor, 'token.manage')
    const revoked = await new ApiTokenRepository(this.db.kysely).revoke(
      id,
      this.clock().toISOString(),
    )
    if (!revoked) throw new AppError('TOKEN_NOT_FOUND', `No active token with the id "${id}"`)
    this.cache.clear()
  }
}
