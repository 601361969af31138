/**
 * @module server/plugins/json-body — strict JSON bodies: size-limited, valid UTF-8, no prototype
 * pollution, no NUL or unpaired surrogates in any string.
 */
import type { FastifyInstance } from 'fastify'
import secureJson from 'secure-json-parse'
import { findInvalidText } from '../../core/text.js'
import { AppError } from '../../errors.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Replaces Fastify's JSON parser. Its default decodes invalid UTF-8 into U+FFFD silently;
 * a newsroom's text must never be altered that way, so such bodies are refused instead.
 */
export function registerJsonBody(app: FastifyInstance): void {
  // Fastify also parses text/plain by default; no route takes it, so such bodies are a 415.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;.*)?$/,
    { parseAs: 'buffer' },
    (_request, body: Buffer, done) => {
      let text: string
      try {
        text = utf8.decode(body)
      } catch {
        done(new AppError('REQUEST_INVALID_UTF8'), undefined)
        return
      }
      if (text.trim() === '') {
        done(
          new AppError('REQUEST_MALFORMED_JSON', 'The request body is empty; send a JSON object'),
          undefined,
        )
        return
      }
      let parsed: unknown
      try {
        parsed = secureJson.parse(text, undefined, {
          protoAction: 'error',
          constructorAction: 'error',
        })
      } catch (error) {
        const detail =
          error instanceof SyntaxError ? error.message : 'forbidden key __proto__ or constructor'
        done(
          new AppError('REQUEST_MALFORMED_JSON', `The request body is not valid JSON: ${detail}`),
          undefined,
        )
        return
      }
      const field = findInvalidText(parsed)
      if (field !== undefined) {
        done(
          new AppError('REQUEST_TEXT_INVALID', `body.${field} has a NUL or an unpaired surrogate`, {
            part: 'body',
            field,
          }),
          undefined,
        )
        return
      }
      done(null, parsed)
    },
  )
}
