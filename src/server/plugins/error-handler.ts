/** @module server/plugins/error-handler — the one renderer of errors: `{ error: { code, message, details } }`. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, ERRORS, type ErrorCode } from '../../errors.js'

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown }
}

/** Renders an error for a request; reader routes may override with an HTML page. */
export type ErrorPageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: ErrorBody,
) => unknown

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_VALIDATION_FAILED',
}

/** Socket errors of a database connection, and PostgreSQL's connection and shutdown SQLSTATEs. */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
])
const DATABASE_DOWN_SQLSTATE = /^(08|57P0)/

/** Whether `error` says the database is out of reach (as opposed to a bug or a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (
    typeof code === 'string' &&
    (DATABASE_DOWN_CODES.has(code) || DATABASE_DOWN_SQLSTATE.test(code))
  )
    return true
  // node-postgres reports a lost connection and a pool wait timeout by message only.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
    error.message,
  )
}

/** Maps anything thrown to a catalog error. Unknown errors never leak their message. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error
  const fe = error as FastifyError
  if (fe.validation) {
    const first = fe.validation[0]
    const part = fe.validationContext ?? 'body'
    const params = (first?.params ?? {}) as Record<string, unknown>
    const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.')
    let field = path
    let message = `${part}${path ? `.${path}` : ''} ${first?.message ?? 'is invalid'}`
    if (
      first?.keyword === 'additionalProperties' &&
      typeof params.additionalProperty === 'string'
    ) {
      field = path ? `${path}.${params.additionalProperty}` : params.additionalProperty
      message = `${part} has an unknown field "${field}"`
    } else if (first?.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      // Name the allowed values, so a misspelt stance or status says how to spell it.
      message = `${part}.${path} must be one of: ${params.allowedValues.map(String).join(', ')}`
    } else if (first?.keyword === 'required' && typeof params.missingProperty === 'string') {
      field = path ? `${path}.${params.missingProperty}` : params.missingProperty
      message = `${part}.${field} is required`
    }
    return new AppError('REQUEST_VALIDATION_FAILED', message, {
      part,
      field,
      keyword: first?.keyword,
    })
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined
  if (mapped) return new AppError(mapped)
  if (fe.statusCode === 429) return new AppError('REQUEST_RATE_LIMITED')
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('REQUEST_VALIDATION_FAILED', fe.message)
  }
  if (isDatabaseUnavailable(error) || isDatabaseUnavailable(error.cause))
    return new AppError('DATABASE_UNAVAILABLE', undefined, undefined, { cause: error })
  return new AppError('INTERNAL_ERROR', undefined, undefined, { cause: error })
}

export function registerErrorHandler(app: FastifyInstance, renderPage?: ErrorPageRenderer): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error)
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed')
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
      },
    }
    // Clients and proxies may retry a refused write once the database is back.
    if (appError.code === 'DATABASE_UNAVAILABLE') reply.header('retry-after', '5')
    if (appError.code === 'PRECONDITION_REQUIRED' || appError.code.endsWith('VERSION_CONFLICT'))
      reply.header('cache-control', 'no-store')
    if (renderPage && !request.url.startsWith('/api/'))
      return renderPage(request, reply, appError.status, body)
    return reply.status(appError.status).type('application/json; charset=utf-8').send(body)
  })

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `${ERRORS.ROUTE_NOT_FOUND.message}: ${request.method} ${request.url.split('?')[0]}`,
      },
    }
    if (renderPage && !request.url.startsWith('/api/')) return renderPage(request, reply, 404, body)
    return reply.status(404).type('application/json; charset=utf-8').send(body)
  })
}
