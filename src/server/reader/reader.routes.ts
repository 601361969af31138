/** @module server/reader/reader.routes — the reader site: home, story pages, permalinks, history, embeds, assets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Runtime } from '../../boot.js'
import { isAppError } from '../../errors.js'
import type { ErrorPageRenderer } from '../plugins/error-handler.js'
import { ASSET_PREFIX, loadReaderAssets } from './assets.js'
import {
  isNotModified,
  PUBLIC_CACHE,
  sendCached,
  weakEtag,
  acceptsGzip,
  type Rendered,
} from './http-cache.js'
import {
  renderErrorPage,
  renderHistoryPage,
  renderHomePage,
  renderStoryPage,
  renderUpdatePage,
} from './pages.js'
import { createReaderContext, minuteOf, type ReaderContext } from './site.js'
import { HTML_TYPE } from './render.js'
import { paths } from './view.js'

const Slug = Type.Object({ slug: Type.String({ maxLength: 80 }) })
const SlugAndId = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  id: Type.String({ maxLength: 64 }),
})
const PageQuery = Type.Object({ before: Type.Optional(Type.String({ maxLength: 200 })) })

/**
 * An embed lives in other sites' iframes: any ancestor may frame it, and its script may be loaded
 * cross-origin. Everything else keeps the app-wide policy.
 */
const EMBED_CSP = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  'frame-ancestors *',
].join('; ')

export interface Reader {
  routes: FastifyPluginAsyncTypebox
  renderErrorPage: ErrorPageRenderer
  context: ReaderContext
}

/** Builds the reader site once per app: assets are read and compressed here, not per request. */
export function createReader(runtime: Pick<Runtime, 'services' | 'config' | 'logger'>): Reader {
  const assets = loadReaderAssets()
  if (!assets.liveScript)
    runtime.logger.warn('reader live script not built (npm run build); pages work without it')
  const rc = createReaderContext(runtime.services, runtime.config, assets)

  /** Serves a cached render for the key, rendering once on a miss. */
  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    etag: string,
    render: () => Promise<Rendered>,
  ): Promise<FastifyReply> => {
    let rendered = rc.cache.get(etag)
    if (!rendered) {
      // Another process may have rendered it: a matching validator needs no render at all.
      if (
        typeof request.headers['if-none-match'] === 'string' &&
        isNotModified(request, etag, new Date(0))
      )
        return reply.header('etag', etag).header('cache-control', PUBLIC_CACHE).status(304).send()
      rendered = { ...(await render()), etag }
      rc.cache.set(etag, rendered)
    }
    return sendCached(request, reply, rendered)
  }

  const routes: FastifyPluginAsyncTypebox = async (app) => {
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      const now = rc.now()
      const stories = await rc.services.stories.listStories(50)
      const etag = weakEtag(
        'home',
        rc.siteVersion,
        minuteOf(now),
        ...stories.map((s) => `${s.id}:${s.lastSeq}:${s.version}`),
      )
      return serve(request, reply, etag, () => renderHomePage(rc, stories, now))
    })

    app.get(
      '/stories/:slug',
      { schema: { hide: true, params: Slug, querystring: PageQuery } },
      async (request, reply) => {
        const now = rc.now()
        const story = await rc.services.stories.getStory(request.params.slug)
        const before = request.query.before
        const etag = weakEtag(
          'story',
          rc.siteVersion,
          minuteOf(now),
          story.id,
          story.lastSeq,
          story.version,
          before ?? '',
        )
        return serve(request, reply, etag, () => renderStoryPage(rc, story, { before, now }))
      },
    )

    app.get('/embed/:slug', { schema: { hide: true, params: Slug } }, async (request, reply) => {
      const now = rc.now()
      const story = await rc.services.stories.getStory(request.params.slug)
      reply
        .header('content-security-policy', EMBED_CSP)
        .header('cross-origin-resource-policy', 'cross-origin')
        .removeHeader('x-frame-options')
      const etag = weakEtag(
        'embed',
        rc.siteVersion,
        minuteOf(now),
        story.id,
        story.lastSeq,
        story.version,
      )
      return serve(request, reply, etag, () => renderStoryPage(rc, story, { embed: true, now }))
    })

    app.get(
      '/stories/:slug/updates/:id',
      { schema: { hide: true, params: SlugAndId } },
      async (request, reply) => {
        const now = rc.now()
        const { slug, id } = request.params
        const story = await rc.services.stories.getStory(slug)
        const etag = weakEtag('update', rc.siteVersion, minuteOf(now), story.id, story.lastSeq, id)
        try {
          return await serve(request, reply, etag, () => renderUpdatePage(rc, slug, id, now))
        } catch (error) {
          if (isAppError(error) && error.code === 'UPDATE_DELETED') {
            const back = { href: paths.story(slug), text: `Back to ${story.title}` }
            return reply
              .status(410)
              .header('cache-control', PUBLIC_CACHE)
              .type(HTML_TYPE)
              .send(renderErrorPage(rc, 410, request.id, back))
          }
          throw error
        }
      },
    )

    app.get(
      '/stories/:slug/updates/:id/history',
      { schema: { hide: true, params: SlugAndId } },
      async (request, reply) => {
        const now = rc.now()
        const { slug, id } = request.params
        const story = await rc.services.stories.getStory(slug)
        const etag = weakEtag('history', rc.siteVersion, minuteOf(now), story.id, story.lastSeq, id)
        return serve(request, reply, etag, () => renderHistoryPage(rc, story, id, now))
      },
    )

    app.get('/assets/reader/*', { schema: { hide: true } }, (request, reply) =>
      sendAsset(request, reply, request.url.split('?')[0] ?? ''),
    )
    app.get('/embed.js', { schema: { hide: true } }, (request, reply) =>
      sendAsset(request, reply, '/embed.js'),
    )
  }

  const sendAsset = (request: FastifyRequest, reply: FastifyReply, url: string): FastifyReply => {
    const asset = assets.files.get(url)
    if (!asset) {
      return reply
        .status(404)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('Not found')
    }
    reply
      .header('etag', asset.etag)
      .header('vary', 'Accept-Encoding')
      .header(
        'cache-control',
        asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      )
      // The embed script is loaded by other sites' pages.
      .header('cross-origin-resource-policy', 'cross-origin')
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send()
    reply.type(asset.type)
    return acceptsGzip(request)
      ? reply.header('content-encoding', 'gzip').send(asset.gzip)
      : reply.send(asset.body)
  }

  const renderError: ErrorPageRenderer = (request, reply, status, body) => {
    // Machines asking for feeds or the stream get the JSON error they can read.
    if (/\/(events|feed\.atom|feed\.json)$/.test(request.url.split('?')[0] ?? '')) {
      return reply.status(status).type('application/json; charset=utf-8').send(body)
    }
    reply
      .status(status)
      .header('cache-control', status === 404 || status === 410 ? PUBLIC_CACHE : 'no-store')
      .type(HTML_TYPE)
    try {
      return reply.send(renderErrorPage(rc, status, request.id))
    } catch {
      return reply.send('<!doctype html><title>Error</title><p>Something went wrong.</p>')
    }
  }

  return { routes, renderErrorPage: renderError, context: rc }
}

export { ASSET_PREFIX }
