/** @module server/plugins/validation — schema validation: strict for bodies, coercing for query strings. */
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { findInvalidText } from '../../core/text.js'
import { AppError } from '../../errors.js'

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const base: Options = { allErrors: false, strict: false, useDefaults: true }

/**
 * Fastify's defaults strip unknown fields and coerce types. Bodies must not be silently changed:
 * an unknown field or a wrong type is a 400 naming the field. URLs carry only strings, so query
 * strings and params are coerced.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...base, coerceTypes: false, removeAdditional: false }))
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array', removeAdditional: false }))
  // Query strings and path parameters are text input too (%00 decodes to NUL).
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
    ] as const) {
      const field = findInvalidText(value)
      if (field !== undefined) {
        done(
          new AppError(
            'REQUEST_TEXT_INVALID',
            `${part}.${field} has a NUL or an unpaired surrogate`,
            {
              part,
              field,
            },
          ),
        )
        return
      }
    }
    done()
  })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  )
}
