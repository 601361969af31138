/** @module server/desk/desk.routes — serves the built desk (dist/web/desk) at /desk, any sub-path to its index. */
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'

/** Where `vite build` puts the desk, from dist/server/desk (built) or src/server/desk (tsx). */
function findDeskDir(): string | undefined {
  const candidates = [
    path.resolve(import.meta.dirname, '../../web/desk'),
    path.resolve(import.meta.dirname, '../../../dist/web/desk'),
  ]
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')))
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
}

export const deskRoutes: FastifyPluginAsync = async (app) => {
  const dir = findDeskDir()
  const sendIndex = async (_request: unknown, reply: FastifyReply) => {
    if (!dir)
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>Desk not built</title><p>The desk is not built. Run <code>npm run build</code>.</p>',
        )
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await fs.promises.readFile(path.join(dir, 'index.html')))
  }
  app.get('/desk', { schema: { hide: true } }, sendIndex)
  app.get('/desk/*', { schema: { hide: true } }, async (request, reply) => {
    const rest = (request.params as { '*': string })['*']
    if (dir && rest.startsWith('assets/')) {
      const file = path.resolve(dir, rest)
      // Hashed names under assets/ only; nothing outside the folder.
      if (file.startsWith(path.join(dir, 'assets') + path.sep) && fs.existsSync(file)) {
        return reply
          .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(fs.createReadStream(file))
      }
      return reply.status(404).type('text/plain').send('Not found')
    }
    return sendIndex(request, reply)
  })
}
