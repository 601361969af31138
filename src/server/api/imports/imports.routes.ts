/** @module server/api/imports/imports.routes — POST /api/v1/stories/:slug/imports: text in, draft updates out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Services } from '../../../services/services.js'
import { actionContext } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import { CreateImportBody, IMPORT_BODY_LIMIT, ImportReportSchema } from './imports.schema.js'

export const importsRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/stories/:slug/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          summary: 'Import wire copy, Markdown or HTML as draft updates (contributors and up)',
          description:
            'Makes drafts only, never published updates. Text imported before into the same story makes nothing new; the report says so.',
          security: [{ bearer: [] }],
          params: SlugParams,
          body: CreateImportBody,
          response: {
            200: ImportReportSchema,
            ...errorResponses(400, 401, 403, 404, 413, 415, 422),
          },
        },
      },
      async (request) =>
        services.imports.importText(actionContext(request), request.params.slug, {
          text: request.body.text,
          origin: request.body.file_name ?? 'request',
          format: request.body.format,
        }),
    )
  }
