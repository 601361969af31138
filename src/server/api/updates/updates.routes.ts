/** @module server/api/updates/updates.routes — /api/v1/stories/:slug/updates: write, edit, pin, delete, list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicUpdate } from '../../../core/public-shape.js'
import type { UpdateChanges } from '../../../core/update.js'
import { etagOf, parseIfMatch } from '../../../core/version.js'
import type { Services } from '../../../services/services.js'
import { actionContext } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import { decodeCursor, encodeCursor, presentRevision } from './updates.presenter.js'
import {
  CreateUpdateBody,
  EditUpdateBody,
  ListUpdatesQuery,
  RevisionSchema,
  UpdatePageSchema,
  UpdateParams,
} from './updates.schema.js'

type Body = Partial<{
  headline: string
  body: string
  media: UpdateChanges['media']
  related: UpdateChanges['related']
  sources: Array<{ name: string; url?: string; kind?: string }>
  pinned: boolean
  key_event: boolean
  status: 'draft' | 'published'
}>

/** API field names to domain ones; sources default to kind "other". */
function toChanges(body: Body): UpdateChanges {
  return {
    headline: body.headline,
    body: body.body,
    media: body.media,
    related: body.related,
    sources: body.sources?.map((s) => ({
      name: s.name,
      ...(s.url ? { url: s.url } : {}),
      kind: (s.kind ?? 'other') as never,
    })),
    pinned: body.pinned,
    keyEvent: body.key_event,
    status: body.status,
  }
}

export const updatesRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories/:slug/updates',
      {
        schema: {
          tags: ['updates'],
          summary: 'List updates, newest first, by cursor',
          params: SlugParams,
          querystring: ListUpdatesQuery,
          response: { 200: UpdatePageSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const q = request.query
        const { story, items, next } = await services.updates.listUpdates(
          request.actor,
          request.params.slug,
          {
            status: q.status ?? 'published',
            limit: q.limit ?? 20,
            cursor: decodeCursor(q.cursor),
            pinned: q.pinned,
          },
        )
        reply.header('cache-control', request.actor ? 'private, no-store' : 'public, max-age=5')
        return {
          items: items.map((u) => publicUpdate(u, story.slug)),
          next_cursor: encodeCursor(next),
        }
      },
    )

    app.post(
      '/stories/:slug/updates',
      {
        schema: {
          tags: ['updates'],
          summary: 'Write a draft, or publish at once (editors)',
          security: [{ bearer: [] }],
          params: SlugParams,
          body: CreateUpdateBody,
          response: { 201: Type.Ref('Update'), ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const { author, ...rest } = request.body
        const changes = toChanges(rest)
        const update = await services.updates.createUpdate(
          actionContext(request),
          request.params.slug,
          {
            ...changes,
            headline: request.body.headline,
            status: changes.status,
            author,
          },
        )
        reply
          .status(201)
          .header('etag', etagOf(update.version))
          .header('location', `/api/v1/stories/${request.params.slug}/updates/${update.id}`)
        return publicUpdate(update, request.params.slug)
      },
    )

    app.get(
      '/stories/:slug/updates/:id',
      {
        schema: {
          tags: ['updates'],
          summary: 'One update',
          params: UpdateParams,
          response: { 200: Type.Ref('Update'), ...errorResponses(404, 410) },
        },
      },
      async (request, reply) => {
        const { story, update } = await services.updates.getUpdate(
          request.actor,
          request.params.slug,
          request.params.id,
        )
        reply.header('etag', etagOf(update.version))
        // A draft is unpublished copy: no shared or browser cache may keep it.
        if (update.status === 'draft' || request.actor)
          reply.header('cache-control', 'private, no-store')
        return publicUpdate(update, story.slug)
      },
    )

    app.patch(
      '/stories/:slug/updates/:id',
      {
        schema: {
          tags: ['updates'],
          summary: 'Edit, publish or pin an update (If-Match required)',
          security: [{ bearer: [] }],
          params: UpdateParams,
          headers: Type.Object({
            'if-match': Type.Optional(
              Type.String({ description: 'The version as an entity tag: "3"' }),
            ),
          }),
          body: EditUpdateBody,
          response: {
            200: Type.Ref('Update'),
            ...errorResponses(400, 401, 403, 404, 410, 412, 428),
          },
        },
      },
      async (request, reply) => {
        const update = await services.updates.editUpdate(
          actionContext(request),
          request.params.slug,
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          toChanges(request.body),
        )
        reply.header('etag', etagOf(update.version))
        return publicUpdate(update, request.params.slug)
      },
    )

    app.delete(
      '/stories/:slug/updates/:id',
      {
        schema: {
          tags: ['updates'],
          summary: 'Delete an update (kept as a tombstone with its history)',
          security: [{ bearer: [] }],
          params: UpdateParams,
          response: { 200: Type.Ref('Update'), ...errorResponses(401, 403, 404, 410, 412) },
        },
      },
      async (request) => {
        const update = await services.updates.deleteUpdate(
          actionContext(request),
          request.params.slug,
          request.params.id,
          parseIfMatch(request.headers['if-match']),
        )
        return publicUpdate(update, request.params.slug)
      },
    )

    app.get(
      '/stories/:slug/updates/:id/revisions',
      {
        schema: {
          tags: ['updates'],
          summary: 'Every revision of an update, oldest first',
          params: UpdateParams,
          response: {
            200: Type.Object({ items: Type.Array(RevisionSchema) }),
            ...errorResponses(404, 410),
          },
        },
      },
      async (request) => {
        const revisions = await services.updates.listRevisions(
          request.actor,
          request.params.slug,
          request.params.id,
        )
        return { items: revisions.map((r) => presentRevision(r, request.params.slug)) }
      },
    )
  }
