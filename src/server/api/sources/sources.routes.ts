/** @module server/api/sources/sources.routes — /api/v1/sources: the directory shared by every story. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicSource } from '../../../core/claim-shape.js'
import { etagOf, parseIfMatch } from '../../../core/version.js'
import type { Services } from '../../../services/services.js'
import { actionContext } from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'
import { MergeBody } from '../claims/claims.schema.js'
import {
  CreateSourceBody,
  EditSourceBody,
  SourceParams,
  SourceSearchQuery,
} from './sources.schema.js'

export const sourcesRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/sources',
      {
        schema: {
          tags: ['sources'],
          summary: 'Search sources by name or alias (closest first); without `q`, A–Z',
          querystring: SourceSearchQuery,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref('Source')) }) },
        },
      },
      async (request) => ({
        items: (
          await services.sources.searchSources(request.query.q, request.query.limit ?? 20)
        ).map(publicSource),
      }),
    )

    app.post(
      '/sources',
      {
        schema: {
          tags: ['sources'],
          summary: 'Add a source (editors)',
          security: [{ bearer: [] }],
          body: CreateSourceBody,
          response: { 201: Type.Ref('Source'), ...errorResponses(400, 401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const source = await services.sources.createSource(actionContext(request), request.body)
        reply
          .status(201)
          .header('etag', etagOf(source.version))
          .header('location', `/api/v1/sources/${source.id}`)
        return publicSource(source)
      },
    )

    app.get(
      '/sources/:id',
      {
        schema: {
          tags: ['sources'],
          summary: 'One source',
          params: SourceParams,
          response: { 200: Type.Ref('Source'), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const source = await services.sources.getSource(request.params.id)
        reply.header('etag', etagOf(source.version))
        return publicSource(source)
      },
    )

    app.patch(
      '/sources/:id',
      {
        schema: {
          tags: ['sources'],
          summary: 'Edit a source (editors; If-Match required)',
          security: [{ bearer: [] }],
          params: SourceParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: EditSourceBody,
          response: {
            200: Type.Ref('Source'),
            ...errorResponses(400, 401, 403, 404, 409, 412, 428),
          },
        },
      },
      async (request, reply) => {
        const source = await services.sources.editSource(
          actionContext(request),
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          request.body,
        )
        reply.header('etag', etagOf(source.version))
        return publicSource(source)
      },
    )

    app.get(
      '/sources/:id/revisions',
      {
        schema: {
          tags: ['sources'],
          summary: 'Every version of a source, oldest first',
          params: SourceParams,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  version: Type.Integer(),
                  actor: Type.String(),
                  created_at: Type.String(),
                  source: Type.Ref('Source'),
                }),
              ),
            }),
            ...errorResponses(404),
          },
        },
      },
      async (request) => ({
        items: (await services.sources.listRevisions(request.params.id)).map((r) => ({
          version: r.version,
          actor: r.actor,
          created_at: r.createdAt,
          source: publicSource(r.snapshot),
        })),
      }),
    )

    app.post(
      '/sources/:id/merge',
      {
        schema: {
          tags: ['sources'],
          summary:
            'Merge this duplicate source into another (editors): statements, names and aliases move over',
          security: [{ bearer: [] }],
          params: SourceParams,
          body: MergeBody,
          response: { 200: Type.Ref('Source'), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const source = await services.sources.mergeSource(
          actionContext(request),
          request.params.id,
          request.body.into,
        )
        reply.header('etag', etagOf(source.version))
        return publicSource(source)
      },
    )
  }
