/** @module server/api/stories/stories.routes — /api/v1/stories: create, read, list, edit the lead and status. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicStory } from '../../../core/public-shape.js'
import { etagOf, parseIfMatch } from '../../../core/version.js'
import type { Services } from '../../../services/services.js'
import { assertCan } from '../../../services/story.service.js'
import { actionContext, requireActor } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import {
  CreateStoryBody,
  EditStoryBody,
  EventSchema,
  StoryRevisionSchema,
} from './stories.schema.js'

export const storiesRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories',
      {
        schema: {
          tags: ['stories'],
          summary: 'List stories, most recently changed first',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Type.Ref('Story')) }) },
        },
      },
      async (request) => ({
        items: (await services.stories.listStories(request.query.limit ?? 50)).map(publicStory),
      }),
    )

    app.post(
      '/stories',
      {
        schema: {
          tags: ['stories'],
          summary: 'Create a story (editors)',
          security: [{ bearer: [] }],
          body: CreateStoryBody,
          response: { 201: Type.Ref('Story'), ...errorResponses(400, 401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const story = await services.stories.createStory(actionContext(request), request.body)
        reply
          .status(201)
          .header('etag', etagOf(story.version))
          .header('location', `/api/v1/stories/${story.slug}`)
        return publicStory(story)
      },
    )

    app.get(
      '/stories/:slug',
      {
        schema: {
          tags: ['stories'],
          summary: 'One story with its lead',
          params: SlugParams,
          response: { 200: Type.Ref('Story'), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const story = await services.stories.getStory(request.params.slug)
        reply.header('etag', etagOf(story.version))
        return publicStory(story)
      },
    )

    app.patch(
      '/stories/:slug',
      {
        schema: {
          tags: ['stories'],
          summary: 'Edit the title, lead, developing flag or status (editors; If-Match required)',
          security: [{ bearer: [] }],
          params: SlugParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: EditStoryBody,
          response: { 200: Type.Ref('Story'), ...errorResponses(400, 401, 403, 404, 412, 428) },
        },
      },
      async (request, reply) => {
        const story = await services.stories.editStory(
          actionContext(request),
          request.params.slug,
          parseIfMatch(request.headers['if-match']),
          request.body,
        )
        reply.header('etag', etagOf(story.version))
        return publicStory(story)
      },
    )

    app.get(
      '/stories/:slug/revisions',
      {
        schema: {
          tags: ['stories'],
          summary: 'Every version of the lead, title and status, oldest first',
          params: SlugParams,
          response: {
            200: Type.Object({ items: Type.Array(StoryRevisionSchema) }),
            ...errorResponses(404),
          },
        },
      },
      async (request) => ({
        items: (await services.stories.listRevisions(request.params.slug)).map((r) => ({
          version: r.version,
          ...r.snapshot,
          actor: r.actor,
          created_at: r.createdAt,
        })),
      }),
    )

    app.get(
      '/stories/:slug/events',
      {
        schema: {
          tags: ['stories'],
          summary:
            'The event log after a sequence number, for clients that poll instead of streaming',
          params: SlugParams,
          querystring: Type.Object(
            {
              // Event numbers are 32-bit integers in storage; a larger one is a 400, not a failed query.
              after: Type.Optional(
                Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(EventSchema), last_event_id: Type.Integer() }),
            ...errorResponses(404),
          },
        },
      },
      async (request) => {
        const story = await services.stories.getStory(request.params.slug)
        const after = request.query.after ?? 0
        const limit = request.query.limit ?? 100
        const events = await services.events.listEvents(
          story.id,
          after,
          Math.min(story.lastSeq, after + limit),
        )
        return {
          items: events.map((e) => ({
            seq: e.seq,
            type: e.type,
            at: e.at,
            data: JSON.parse(e.data) as unknown,
          })),
          last_event_id: story.lastSeq,
        }
      },
    )

    app.get(
      '/stories/:slug/export',
      {
        schema: {
          tags: ['stories'],
          summary: 'The story with every revision and event (editors)',
          security: [{ bearer: [] }],
          params: SlugParams,
          response: errorResponses(401, 403, 404),
        },
      },
      async (request, reply) => {
        assertCan(requireActor(request), 'story.export')
        const exported = await services.exports.exportStory(request.params.slug)
        // Drafts and every revision: nothing a cache should keep.
        reply.header('cache-control', 'private, no-store')
        return exported
      },
    )
  }
