/**
 * @module server/plugins/framework-errors — errors raised before a request reaches Fastify's
 * error handler (Node's HTTP parser, the router) rendered in the catalog's shape.
 */
import http from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ERRORS, type ErrorCode } from '../../errors.js'

/** The catalog's JSON body for a code; never the request's URL or headers, which may be hostile. */
const bodyOf = (code: ErrorCode): string =>
  JSON.stringify({ error: { code, message: ERRORS[code].message } })

/** Fastify's `frameworkErrors`: a URL the router cannot decode, or a path parameter too long. */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const code: ErrorCode =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'REQUEST_URL_TOO_LONG'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'REQUEST_URL_INVALID'
        : 'REQUEST_VALIDATION_FAILED'
  void reply
    .status(ERRORS[code].status)
    .type('application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(bodyOf(code))
}

/**
 * Fastify's `clientErrorHandler`: Node's parser refused the request (headers too large, a broken
 * request line or Content-Length, a timeout). There is no request object yet, so the reply is
 * written on the socket, which is then closed as Node itself does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'REQUEST_HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'REQUEST_MALFORMED_HTTP'
  const status = ERRORS[code].status
  const body = bodyOf(code)
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n' +
        body,
    )
  socket.destroy(error)
}
