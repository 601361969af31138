/** @module server/api/audit/audit.routes — GET /api/v1/audit: the audit log for admins, filterable. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Services } from '../../../services/services.js'
import { requireActor } from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'

const EntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  actor_role: Type.String(),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.String(),
  story: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.String(),
  request_id: Type.String(),
  via: Type.String({ description: 'Where the action came from: http, cli, feed or system' }),
})

export const auditRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Every recorded action, newest first (admins)',
          security: [{ bearer: [] }, { session: [] }],
          querystring: Type.Object(
            {
              actor: Type.Optional(Type.String({ maxLength: 254 })),
              action: Type.Optional(
                Type.String({
                  maxLength: 60,
                  description: 'Exact or a prefix: "user." or "update.edit"',
                }),
              ),
              story: Type.Optional(Type.String({ maxLength: 80 })),
              target: Type.Optional(Type.String({ maxLength: 254 })),
              before: Type.Optional(
                Type.String({ maxLength: 40, description: 'next_cursor of the previous page' }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(EntrySchema),
              next_cursor: Type.Union([Type.String(), Type.Null()]),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const q = request.query
        const limit = q.limit ?? 50
        const entries = await services.audit.listEntries(requireActor(request), {
          actor: q.actor,
          action: q.action,
          storySlug: q.story,
          targetId: q.target,
          before: q.before,
          limit,
        })
        reply.header('cache-control', 'private, no-store')
        return {
          items: entries.map((e) => ({
            id: e.id,
            at: e.at,
            actor: e.actor,
            actor_role: e.actorRole,
            action: e.action,
            target_type: e.targetType,
            target_id: e.targetId,
            story: e.storySlug,
            before: e.before,
            after: e.after,
            ip: e.ip,
            request_id: e.requestId,
            via: e.via,
          })),
          next_cursor: entries.length === limit ? (entries.at(-1)?.id ?? null) : null,
        }
      },
    )
  }
