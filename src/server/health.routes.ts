/** @module server/health.routes — /healthz (the process is alive) and /readyz (database and bus reachable). */
import type { FastifyPluginAsync } from 'fastify'
import type { Runtime } from '../boot.js'

/** A dependency that has not answered by then counts as unreachable: /readyz must answer during an outage. */
const CHECK_TIMEOUT_MS = 1_000

async function reachable(check: () => Promise<void>): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'unreachable'>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), CHECK_TIMEOUT_MS)
  })
  try {
    return await Promise.race([
      check().then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      ),
      late,
    ])
  } finally {
    clearTimeout(timer)
  }
}

export const healthRoutes =
  (runtime: Runtime, isClosing: () => boolean): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const [database, bus] = await Promise.all([
        reachable(() => runtime.db.ping()),
        reachable(() => runtime.bus.ping()),
      ])
      // Without the database nothing can be served. Without the bus every request still works
      // and readers of other processes' events catch up from the log, so the process stays in
      // rotation, reported as degraded (decision 0055).
      const ready = !isClosing() && database === 'ok'
      const status = !ready ? 'not ready' : bus === 'ok' ? 'ready' : 'degraded'
      reply.status(ready ? 200 : 503).header('cache-control', 'no-store')
      return { status, database, bus, closing: isClosing() }
    })
  }
