/** @module server/api/session/session.routes — sign in, who am I, sign out, change one's password. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PASSWORD_MAX_LENGTH } from '../../../core/user.js'
import { AppError } from '../../../errors.js'
import type { Services } from '../../../services/services.js'
import {
  actionOrigin,
  clearSessionCookie,
  requireSignedIn,
  setSessionCookie,
} from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'
import { presentUser } from '../users/users.schema.js'

const SessionSchema = Type.Object({
  user: Type.Ref('User'),
  csrf_token: Type.String({
    description: 'Send as the x-csrf-token header on every POST, PUT, PATCH and DELETE',
  }),
  expires_at: Type.String(),
})

export const sessionRoutes =
  (services: Services, options: { sessionMaxAgeMs: number }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/session',
      {
        config: { csrf: false },
        schema: {
          tags: ['session'],
          summary: 'Sign in to the desk: sets an HttpOnly session cookie',
          body: Type.Object(
            {
              email: Type.String({ minLength: 1, maxLength: 254 }),
              password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
            },
            { additionalProperties: false },
          ),
          response: { 200: SessionSchema, ...errorResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const email = request.body.email.trim().toLowerCase()
        const wait = services.loginThrottle.retryAfter(request.ip, email)
        if (wait > 0) {
          reply.header('retry-after', String(wait))
          throw new AppError('AUTH_TOO_MANY_FAILURES', undefined, { retry_after_seconds: wait })
        }
        let signed: Awaited<ReturnType<typeof services.users.signIn>>
        try {
          // A previous session on this browser ends: one browser, one session, a fresh id.
          signed = await services.users.signIn(actionOrigin(request), {
            email,
            password: request.body.password,
            userAgent: request.headers['user-agent'] ?? '',
            previous: request.signedIn?.session,
          })
        } catch (error) {
          if (error instanceof AppError && error.code === 'AUTH_INVALID_CREDENTIALS')
            services.loginThrottle.recordFailure(request.ip, email)
          throw error
        }
        services.loginThrottle.recordSuccess(request.ip, email)
        setSessionCookie(request, reply, signed.cookieValue, options.sessionMaxAgeMs)
        reply.header('cache-control', 'no-store')
        return {
          user: presentUser(signed.user),
          csrf_token: signed.csrfToken,
          expires_at: signed.session.expiresAt,
        }
      },
    )

    app.get(
      '/session',
      {
        schema: {
          tags: ['session'],
          summary: 'The signed-in user and the CSRF token of the session',
          response: { 200: SessionSchema, ...errorResponses(401) },
        },
      },
      async (request, reply) => {
        const { user, session } = requireSignedIn(request)
        reply.header('cache-control', 'no-store')
        return {
          user: presentUser(user),
          csrf_token: session.csrfToken,
          expires_at: session.expiresAt,
        }
      },
    )

    app.delete(
      '/session',
      {
        schema: {
          tags: ['session'],
          summary: 'Sign out: the session ends on the server at once',
          response: { 204: Type.Null(), ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const signedIn = requireSignedIn(request)
        await services.users.signOut(actionOrigin(request), signedIn)
        clearSessionCookie(request, reply)
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/account/password',
      {
        schema: {
          tags: ['session'],
          summary: 'Change your password; your other sessions end',
          body: Type.Object(
            {
              current_password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
              new_password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (request, reply) => {
        const signedIn = requireSignedIn(request)
        // Asking for the current password is what keeps a borrowed session from taking the
        // account over; unthrottled, it would let that session guess the password instead.
        const userId = signedIn.user.id
        const wait = services.loginThrottle.retryAfterForUser(userId)
        if (wait > 0) {
          reply.header('retry-after', String(wait))
          throw new AppError('USER_PASSWORD_TOO_MANY_FAILURES', undefined, {
            retry_after_seconds: wait,
          })
        }
        try {
          await services.users.changePassword(
            actionOrigin(request),
            signedIn,
            request.body.current_password,
            request.body.new_password,
          )
        } catch (error) {
          if (error instanceof AppError && error.code === 'USER_PASSWORD_MISMATCH')
            services.loginThrottle.recordUserFailure(userId)
          throw error
        }
        services.loginThrottle.recordUserSuccess(userId)
        return reply.status(204).send(null)
      },
    )
  }
