/** @module server/api/tokens/tokens.routes — /api/v1/tokens: admins create, list and revoke bearer tokens. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ROLES } from '../../../core/role.js'
import type { ApiToken } from '../../../storage/repositories/api-token.repository.js'
import type { Services } from '../../../services/services.js'
import { actionContext, requireActor } from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'

const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  created_at: Type.String(),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  created_by: Type.Union([Type.String(), Type.Null()], {
    description:
      'The id of the desk user who made the token; it works only while that user is active and holds its role. Null: made with `sitrep token create`',
  }),
})
const presentToken = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  created_at: t.createdAt,
  revoked_at: t.revokedAt,
  created_by: t.createdBy,
})

export const tokensRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create a bearer token (admins); the secret is shown only in this response',
          security: [{ bearer: [] }],
          body: Type.Object(
            {
              role: Type.Union(ROLES.map((r) => Type.Literal(r))),
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ token: TokenSchema, secret: Type.String() }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const { token, secret } = await services.tokens.createToken(
          actionContext(request),
          request.body,
        )
        reply.status(201).header('cache-control', 'no-store')
        return { token: presentToken(token), secret }
      },
    )

    app.get(
      '/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'List tokens (admins)',
          security: [{ bearer: [] }],
          response: {
            200: Type.Object({ items: Type.Array(TokenSchema) }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (request, reply) => {
        const items = (await services.tokens.listTokens(requireActor(request))).map(presentToken)
        reply.header('cache-control', 'private, no-store')
        return { items }
      },
    )

    app.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token (admins)',
          security: [{ bearer: [] }],
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.tokens.revokeToken(actionContext(request), request.params.id)
        return reply.status(204).send(null)
      },
    )
  }
