/** @module server/plugins/auth — bearer tokens for machines; sets `request.actor`. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../../core/role.js'
import { AppError } from '../../errors.js'
import type { TokenService } from '../../services/token.service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, when a valid credential came with the request. */
    actor: Actor | undefined
  }
}

export function registerAuth(app: FastifyInstance, tokens: TokenService): void {
  app.decorateRequest('actor', undefined)
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    // Routes that document a security requirement refuse anonymous callers before the body is read.
    const needsToken =
      Array.isArray(request.routeOptions.schema?.security) &&
      request.routeOptions.schema.security.length > 0
    if (!header) {
      if (needsToken) throw new AppError('AUTH_REQUIRED')
      return
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    // A credential that is present but wrong is an error even on public routes: the client
    // believes it is acting with a role and must learn it is not.
    if (!match)
      throw new AppError('AUTH_INVALID_TOKEN', 'The Authorization header must be "Bearer <token>"')
    const actor = await tokens.authenticate(match[1] ?? '')
    if (!actor) throw new AppError('AUTH_INVALID_TOKEN')
    request.actor = actor
  })
}

/** The caller, or a 401 when the request carries no credential. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED')
  return request.actor
}
