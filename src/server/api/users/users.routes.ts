/** @module server/api/users/users.routes — /api/v1/users: admins invite, change roles, deactivate. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Services } from '../../../services/services.js'
import { actionContext, requireActor } from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'
import { RoleSchema, presentUser } from './users.schema.js'

const security: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }]
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

export interface UsersRoutesOptions {
  /** Called once a user is deactivated, so what they hold open in this process (presence) ends at once. */
  onDeactivated?: (userId: string) => void
}

export const usersRoutes =
  (services: Services, options: UsersRoutesOptions = {}): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Every desk user (admins)',
          security,
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref('User')) }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (request, reply) => {
        const items = (await services.users.listUsers(requireActor(request))).map(presentUser)
        reply.header('cache-control', 'private, no-store')
        return { items }
      },
    )

    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Invite a user (admins). Without a password, one is generated and shown once',
          security,
          body: Type.Object(
            {
              email: Type.String({ minLength: 3, maxLength: 254 }),
              role: RoleSchema,
              display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              user: Type.Ref('User'),
              password: Type.Optional(
                Type.String({ description: 'The generated password; shown only this once' }),
              ),
            }),
            ...errorResponses(400, 401, 403, 409),
          },
        },
      },
      async (request, reply) => {
        const { user, password, generated } = await services.users.createUser(
          actionContext(request),
          {
            email: request.body.email,
            role: request.body.role,
            password: request.body.password,
            displayName: request.body.display_name,
          },
        )
        reply.status(201).header('cache-control', 'no-store')
        return { user: presentUser(user), ...(generated ? { password } : {}) }
      },
    )

    app.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary:
            'Change a role or name, deactivate (ends every session at once) or reactivate (admins)',
          security,
          params: IdParams,
          body: Type.Object(
            {
              role: Type.Optional(RoleSchema),
              display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              active: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('User'), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { before, after } = await services.users.editUser(
          actionContext(request),
          request.params.id,
          {
            role: request.body.role,
            displayName: request.body.display_name,
            active: request.body.active,
          },
        )
        if (before.active && !after.active) options.onDeactivated?.(after.id)
        return presentUser(after)
      },
    )

    app.post(
      '/users/:id/password-reset',
      {
        schema: {
          tags: ['users'],
          summary: 'Give a user a new generated password, shown once; their sessions end (admins)',
          security,
          params: IdParams,
          response: {
            200: Type.Object({ user: Type.Ref('User'), password: Type.String() }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { user, password } = await services.users.resetPassword(
          actionContext(request),
          request.params.id,
        )
        reply.header('cache-control', 'no-store')
        return { user: presentUser(user), password }
      },
    )
  }
