/** @module server/api/media/media.routes — POST /api/v1/media (image upload) and GET /media/:id/:file. */
import fs from 'node:fs'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { hasInvalidText } from '../../../core/text.js'
import { AppError } from '../../../errors.js'
import type { Services } from '../../../services/services.js'
import type { MediaAsset } from '../../../storage/repositories/media.repository.js'
import { actionContext } from '../../plugins/auth.js'
import { errorResponses } from '../common.schema.js'

const variantUrl = (id: string, width: number): string => `/media/${id}/w${width}.webp`

export const presentMedia = (asset: MediaAsset) => ({
  id: asset.id,
  url: variantUrl(asset.id, Math.max(...asset.variants)),
  width: asset.width,
  height: asset.height,
  variants: asset.variants.map((w) => ({ width: w, url: variantUrl(asset.id, w) })),
})

const MediaSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The largest resized copy; use it as media[].url of an update' }),
  width: Type.Integer(),
  height: Type.Integer(),
  variants: Type.Array(Type.Object({ width: Type.Integer(), url: Type.String() })),
})

/** The upload route: the raw file is the body, whatever its declared type; its bytes decide. */
export const mediaApiRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const maxBytes = services.media.maxBytes
    // Declared types are not trusted, only accepted as a way to send bytes.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
      done(null, body),
    )
    app.setErrorHandler((error: Error & { code?: string }) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        throw new AppError(
          'MEDIA_TOO_LARGE',
          `The file is larger than the limit of ${maxBytes} bytes`,
        )
      throw error
    })
    app.post(
      '/media',
      {
        bodyLimit: maxBytes,
        onRequest: async (request) => {
          const declared = Number(request.headers['content-length'] ?? 0)
          if (declared > maxBytes)
            throw new AppError(
              'MEDIA_TOO_LARGE',
              `The file has ${declared} bytes; the limit is ${maxBytes}`,
            )
        },
        schema: {
          tags: ['media'],
          summary:
            'Upload an image (the raw file as the body). Checked by content; stored as resized WebP copies',
          security: [{ bearer: [] }, { session: [] }],
          headers: Type.Object({
            'x-file-name': Type.Optional(Type.String({ maxLength: 300 })),
          }),
          response: { 201: MediaSchema, ...errorResponses(401, 403, 413, 415, 422, 503) },
        },
      },
      async (request, reply) => {
        const body = request.body
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
        const fileName = decodeFileName(request.headers['x-file-name'])
        const asset = await services.media.uploadImage(actionContext(request), bytes, fileName)
        reply.status(201)
        return presentMedia(asset)
      },
    )
  }

/** Serves the resized copies; they never change, so readers cache them for a year. */
export const mediaFileRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/media/:id/:file',
      {
        schema: {
          hide: true,
          params: Type.Object({
            id: Type.String({ maxLength: 40 }),
            file: Type.String({ maxLength: 40 }),
          }),
        },
      },
      async (request, reply) => {
        const match = /^w(\d{1,5})\.webp$/.exec(request.params.file)
        const file = match
          ? await services.media.filePath(request.params.id, Number(match[1]))
          : undefined
        if (!file) throw new AppError('MEDIA_NOT_FOUND')
        reply
          .header('content-type', 'image/webp')
          .header('cache-control', 'public, max-age=31536000, immutable')
        return reply.send(fs.createReadStream(file))
      },
    )
  }

/** The X-File-Name header is percent-encoded UTF-8 (headers carry only Latin-1); a broken one is a 400. */
function decodeFileName(raw: string | undefined): string {
  let name: string
  try {
    name = decodeURIComponent(raw ?? '')
  } catch {
    throw new AppError(
      'REQUEST_VALIDATION_FAILED',
      'headers.x-file-name must be percent-encoded UTF-8 (encodeURIComponent of the file name)',
      { part: 'headers', field: 'x-file-name' },
    )
  }
  if (hasInvalidText(name))
    throw new AppError('REQUEST_TEXT_INVALID', 'headers.x-file-name has a NUL character', {
      part: 'headers',
      field: 'x-file-name',
    })
  return name
}
