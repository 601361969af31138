/** @module server/desk/presence.routes — /api/v1/stories/:slug/presence: the desk's presence stream and soft locks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../errors.js'
import type { Services } from '../../services/services.js'
import { requireSignedIn } from '../plugins/auth.js'
import { errorResponses } from '../api/common.schema.js'
import type { ClientStreamLimit } from '../stream/client-stream-limit.js'
import type { PresenceHub } from './presence-hub.js'

const ClientId = Type.String({ pattern: '^[\\w-]{8,64}$' })

export const presenceRoutes =
  (services: Services, hub: PresenceHub, limit: ClientStreamLimit): FastifyPluginAsyncTypebox =>
  async (app) => {
    const storyId = async (slug: string): Promise<string> => {
      const head = await services.events.findStoryHead(slug)
      if (!head) throw new AppError('STORY_NOT_FOUND', `No story with the slug "${slug}"`)
      return head.id
    }

    app.get(
      '/stories/:slug/presence',
      {
        schema: {
          tags: ['desk'],
          summary:
            'Server-sent presence of desk users: `presence` (the whole list, first), then `presence.join`, `presence.change` and `presence.leave` diffs',
          security: [{ session: [] }],
          params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
          querystring: Type.Object({ client: ClientId }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const { user, session } = requireSignedIn(request)
        const id = await storyId(request.params.slug)
        const person = {
          client: request.query.client,
          userId: user.id,
          name: user.displayName,
          role: user.role,
        }
        const onRefused = (wait: number) => reply.header('retry-after', String(wait))
        hub.admit(id, person)
        limit.acquire(request.ip, reply.raw, onRefused)
        reply.hijack()
        hub.open(id, person, reply.raw, () => services.users.isSessionActive(session.idHash))
      },
    )

    app.put(
      '/stories/:slug/presence',
      {
        schema: {
          tags: ['desk'],
          summary: 'Say which update you are editing (null: none); others see it as a soft lock',
          security: [{ session: [] }],
          params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
          body: Type.Object(
            {
              client: ClientId,
              editing: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { user } = requireSignedIn(request)
        const id = await storyId(request.params.slug)
        if (!hub.setEditing(id, request.body.client, user.id, request.body.editing))
          throw new AppError('REQUEST_VALIDATION_FAILED', 'Open the presence stream first', {
            field: 'client',
          })
        return reply.status(204).send(null)
      },
    )
  }
