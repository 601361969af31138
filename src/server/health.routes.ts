/** @module server/health.routes — /healthz (the process is alive) and /readyz (database and bus reachable). */
import type { FastifyPluginAsync } from 'fastify'
import type { Runtime } from '../boot.js'

export const healthRoutes =
  (runtime: Runtime, isClosing: () => boolean): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const checks = await Promise.allSettled([runtime.db.ping(), runtime.bus.ping()])
      const [database, bus] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unreachable'))
      const ready = !isClosing() && database === 'ok' && bus === 'ok'
      reply.status(ready ? 200 : 503).header('cache-control', 'no-store')
      return { status: ready ? 'ready' : 'not ready', database, bus, closing: isClosing() }
    })
  }
