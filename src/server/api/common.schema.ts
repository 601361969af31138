/** @module server/api/common.schema — schemas shared by every resource: errors, pages, URLs. */
import { Type } from 'typebox'
import { ERRORS, type ErrorCode } from '../../errors.js'

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.keys(ERRORS) }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  {
    $id: 'Error',
    description: 'Every error: a stable code from the catalog and a readable message.',
  },
)

/**
 * Absolute http(s) URL, or a path on this server (uploaded media). Never javascript:, data:, //host
 * or /\host (browsers read a backslash as a slash).
 */
export const SafeUrl = Type.String({
  maxLength: 2048,
  pattern: '^(https?://[^\\s<>"\\\\]+|/(?![/\\\\])[^\\s<>"\\\\]*)$',
})

/** The standard error responses, so every route documents them the same way. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('Error')]))

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) })
