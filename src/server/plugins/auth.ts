/**
 * @module server/plugins/auth — who is calling: bearer tokens for machines, session cookies for the
 * desk (with a CSRF token on every state-changing request); sets `request.actor`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../../core/role.js'
import { AppError } from '../../errors.js'
import type { ActionContext, ActionOrigin } from '../../services/action.js'
import type { TokenService } from '../../services/token.service.js'
import { UserService, type SignedIn } from '../../services/user.service.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, when a valid credential came with the request. */
    actor: Actor | undefined
    /** The desk user and session, when the credential was a session cookie. */
    signedIn: SignedIn | undefined
  }
  interface FastifyContextConfig {
    /** False on the one state-changing route that needs no CSRF token: signing in. */
    csrf?: boolean
  }
}

export const SESSION_COOKIE = 'sitrep_session'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * What a user who must change their password may still do: change it, read their session (the
 * desk needs the CSRF token to send the change), sign out, and sign in again.
 */
const WHILE_PASSWORD_MUST_CHANGE = new Set([
  'POST /api/v1/account/password',
  'GET /api/v1/session',
  'HEAD /api/v1/session',
  'DELETE /api/v1/session',
  'POST /api/v1/session',
])

export function registerAuth(app: FastifyInstance, tokens: TokenService, users: UserService): void {
  app.decorateRequest('actor', undefined)
  app.decorateRequest('signedIn', undefined)
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization
    // Routes that document a security requirement refuse anonymous callers before the body is read.
    const needsToken =
      Array.isArray(request.routeOptions.schema?.security) &&
      request.routeOptions.schema.security.length > 0
    if (header) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
      // A credential that is present but wrong is an error even on public routes: the client
      // believes it is acting with a role and must learn it is not.
      if (!match)
        throw new AppError(
          'AUTH_INVALID_TOKEN',
          'The Authorization header must be "Bearer <token>"',
        )
      const actor = await tokens.authenticate(match[1] ?? '')
      if (!actor) throw new AppError('AUTH_INVALID_TOKEN')
      // A bearer token is not sent by browsers on their own, so it needs no CSRF token.
      request.actor = actor
      return
    }
    const cookie = request.cookies[SESSION_COOKIE]
    if (cookie) {
      const signedIn = await users.resolveSession(cookie)
      if (signedIn) {
        // The cookie rides along on cross-site requests too; only the desk can read the token.
        if (
          !SAFE_METHODS.has(request.method) &&
          request.routeOptions.config.csrf !== false &&
          !UserService.csrfMatches(signedIn.session, headerValue(request, CSRF_HEADER))
        )
          throw new AppError('AUTH_CSRF_INVALID')
        // Enforced here, not only in the desk: whoever holds a one-time password (sent by e-mail,
        // read off a log) must not reach the API with it, e.g. to make a token that outlives it.
        const route = `${request.method} ${request.routeOptions.url ?? ''}`
        if (
          signedIn.user.mustChangePassword &&
          route.includes(' /api/') &&
          !WHILE_PASSWORD_MUST_CHANGE.has(route)
        )
          throw new AppError('PASSWORD_CHANGE_REQUIRED')
        request.actor = signedIn.actor
        request.signedIn = signedIn
        return
      }
      // Ended or unknown: forget it, and carry on as an anonymous caller.
      clearSessionCookie(request, reply)
    }
    if (needsToken) throw new AppError('AUTH_REQUIRED')
  })
  // What a credential unlocks (drafts, users, tokens, exports) must not be kept by any cache;
  // routes that serve public material to anonymous readers set their own cache-control.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.actor && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'private, no-store')
    done(null, payload)
  })
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** HttpOnly, SameSite=Lax, Secure when the request came over TLS (or a trusted proxy says so). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  maxAgeMs: number,
): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  })
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  })
}

/** The caller, or a 401 when the request carries no credential. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED')
  return request.actor
}

/** The signed-in desk user, or a 401: for routes that only make sense with a session. */
export function requireSignedIn(request: FastifyRequest): SignedIn {
  if (!request.signedIn) throw new AppError('AUTH_REQUIRED', 'Sign in to the desk first')
  return request.signedIn
}

/** Where a request came from: its id and client address, for the audit row of what it does. */
export function actionOrigin(request: FastifyRequest): ActionOrigin {
  return { requestId: request.id, source: 'http', ip: request.ip }
}

/** The context a service acts in for this request, or a 401 when it carries no credential. */
export function actionContext(request: FastifyRequest): ActionContext {
  return { ...actionOrigin(request), actor: requireActor(request) }
}
