/** @module server/stream/stream.routes — GET /stories/:slug/events: the live SSE stream of a story. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { parseLastEventId } from '../../core/story-event.js'
import { AppError } from '../../errors.js'
import type { Services } from '../../services/services.js'
import type { ClientStreamLimit } from './client-stream-limit.js'
import type { StreamHub } from './stream-hub.js'

export const streamRoutes =
  (services: Services, hub: StreamHub, limit: ClientStreamLimit): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories/:slug/events',
      {
        schema: {
          tags: ['stream'],
          summary:
            'Server-sent events: every public change, numbered; resume with Last-Event-ID or ?lastEventId=',
          params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
          querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 20 })) }),
        },
      },
      async (request, reply) => {
        const head = await services.events.findStoryHead(request.params.slug)
        if (!head)
          throw new AppError('STORY_NOT_FOUND', `No story with the slug "${request.params.slug}"`)
        const header = request.headers['last-event-id']
        const lastEventId = parseLastEventId(
          (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId,
        )
        limit.acquire(request.ip, reply.raw, (wait) => reply.header('retry-after', String(wait)))
        // Headers set on `reply` are lost once hijacked, so the hub writes them itself.
        reply.hijack()
        request.raw.socket.setNoDelay(true)
        request.raw.socket.setKeepAlive(true, 30_000)
        hub.open(head.id, lastEventId, reply.raw, { 'x-request-id': String(request.id) })
      },
    )
  }
