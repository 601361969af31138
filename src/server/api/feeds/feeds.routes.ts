/** @module server/api/feeds/feeds.routes — /api/v1/stories/:slug/feeds: the feeds a story follows. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Services } from '../../../services/services.js'
import { actionContext, requireActor } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import { presentFeed } from './feeds.presenter.js'
import { AddFeedBody, FeedParams, FeedPollReportSchema } from './feeds.schema.js'

export const feedsRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories/:slug/feeds',
      {
        schema: {
          tags: ['feeds'],
          summary: 'The feeds a story follows, oldest first (contributors and up)',
          security: [{ bearer: [] }],
          params: SlugParams,
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref('Feed')) }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (request) => ({
        items: (await services.feeds.listFeeds(requireActor(request), request.params.slug)).map(
          presentFeed,
        ),
      }),
    )

    app.post(
      '/stories/:slug/feeds',
      {
        schema: {
          tags: ['feeds'],
          summary: 'Follow an RSS, Atom or JSON feed (editors)',
          description:
            'New items become draft updates. 201 for a new feed; 200 with the existing feed, unchanged, when the story already follows this address. The first poll is due at once.',
          security: [{ bearer: [] }],
          params: SlugParams,
          body: AddFeedBody,
          response: {
            200: Type.Ref('Feed'),
            201: Type.Ref('Feed'),
            ...errorResponses(400, 401, 403, 404, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const { slug } = request.params
        const { feed, created } = await services.feeds.addFeed(
          actionContext(request),
          slug,
          request.body.url,
          request.body.interval_seconds,
        )
        reply
          .status(created ? 201 : 200)
          .header('location', `/api/v1/stories/${slug}/feeds/${feed.id}`)
        return presentFeed(feed)
      },
    )

    app.delete(
      '/stories/:slug/feeds/:id',
      {
        schema: {
          tags: ['feeds'],
          summary: 'Stop following a feed (editors); the drafts it made stay',
          security: [{ bearer: [] }],
          params: FeedParams,
          response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.feeds.removeFeed(
          actionContext(request),
          request.params.slug,
          request.params.id,
        )
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/stories/:slug/feeds/:id/poll',
      {
        schema: {
          tags: ['feeds'],
          summary: 'Check a feed now (editors)',
          description:
            'Polls at once, whether or not the feed is due, and answers with the report; a feed that cannot be fetched or read is a 200 with status "failed", recorded on the feed as usual.',
          security: [{ bearer: [] }],
          params: FeedParams,
          response: { 200: FeedPollReportSchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        services.feeds.pollFeed(actionContext(request), request.params.slug, request.params.id),
    )
  }
