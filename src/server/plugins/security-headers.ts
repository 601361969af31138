/** @module server/plugins/security-headers — helmet's headers and CSP on every response, built once. */
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'

/**
 * helmet's middleware is built once here and only sets precomputed headers per request (a Fastify
 * wrapper that rebuilt it per request cost measurable CPU on every page and stream connect). The
 * headers go on the raw response, so a route may still override one with `reply.header()` — the
 * embed does, to allow framing by other sites.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined))
  })
}
