/** @module server/app — buildApp(runtime): the Fastify app with every plugin; it never listens. */
import { randomUUID } from 'node:crypto'
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Runtime } from '../boot.js'
import { AttributionSchema, ClaimSchema, ClaimSummarySchema } from './api/claims/claims.schema.js'
import { attributionsRoutes } from './api/attributions/attributions.routes.js'
import { claimsRoutes } from './api/claims/claims.routes.js'
import { ErrorSchema } from './api/common.schema.js'
import { FeedSchema } from './api/feeds/feeds.schema.js'
import { feedsRoutes } from './api/feeds/feeds.routes.js'
import { SourceSchema } from './api/sources/sources.schema.js'
import { sourcesRoutes } from './api/sources/sources.routes.js'
import { importsRoutes } from './api/imports/imports.routes.js'
import { inboxRoutes } from './api/inbox/inbox.routes.js'
import { StorySchema } from './api/stories/stories.schema.js'
import { storiesRoutes } from './api/stories/stories.routes.js'
import { tokensRoutes } from './api/tokens/tokens.routes.js'
import { UpdateSchema } from './api/updates/updates.schema.js'
import { updatesRoutes } from './api/updates/updates.routes.js'
import { claimsPagesRoutes } from './claims/claims-pages.routes.js'
import { feedRoutes } from './feeds/feeds.routes.js'
import { auditRoutes } from './api/audit/audit.routes.js'
import { mediaApiRoutes, mediaFileRoutes } from './api/media/media.routes.js'
import { sessionRoutes } from './api/session/session.routes.js'
import { UserSchema } from './api/users/users.schema.js'
import { usersRoutes } from './api/users/users.routes.js'
import { deskRoutes } from './desk/desk.routes.js'
import { PresenceHub } from './desk/presence-hub.js'
import { presenceRoutes } from './desk/presence.routes.js'
import { healthRoutes } from './health.routes.js'
import { mapRoutes } from './map/map.routes.js'
import { registerAuth } from './plugins/auth.js'
import { registerSecurityHeaders } from './plugins/security-headers.js'
import { registerErrorHandler } from './plugins/error-handler.js'
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.js'
import { registerJsonBody } from './plugins/json-body.js'
import { createMetrics, registerMetrics } from './plugins/metrics.js'
import { registerValidation } from './plugins/validation.js'
import { createReader } from './reader/reader.routes.js'
import { ClientStreamLimit } from './stream/client-stream-limit.js'
import { StreamHub } from './stream/stream-hub.js'
import { streamRoutes } from './stream/stream.routes.js'

export interface App {
  app: FastifyInstance
  hub: StreamHub
  presence: PresenceHub
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

/** How often the server looks for feeds that are due; each feed has its own interval. */
const FEED_POLL_TICK_MS = 15_000

export async function buildApp(runtime: Runtime): Promise<App> {
  const { config, services } = runtime
  let closing = false
  const app = Fastify({
    loggerInstance: runtime.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    // Keep a caller's request id when it is sane, so logs line up across a load balancer.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Only behind a configured proxy do X-Forwarded-* decide request.ip and request.protocol.
    trustProxy: config.trustProxy,
    // Errors from Node's parser and the router, in the catalog's shape like every other error.
    frameworkErrors,
    clientErrorHandler,
  })

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
  // server.close() only reaps connections idle at that moment: a keep-alive connection whose
  // request was in flight would stay open for keepAliveTimeout (72 s) and hold up the shutdown.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })

  registerValidation(app)
  registerJsonBody(app)
  const reader = createReader(runtime)
  registerErrorHandler(app, reader.renderErrorPage)
  app.addSchema(ErrorSchema)
  app.addSchema(StorySchema)
  app.addSchema(UpdateSchema)
  app.addSchema(UserSchema)
  app.addSchema(SourceSchema)
  app.addSchema(AttributionSchema)
  app.addSchema(ClaimSummarySchema)
  app.addSchema(ClaimSchema)
  app.addSchema(FeedSchema)

  registerSecurityHeaders(app)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sitrep API',
        version: '1',
        description:
          'Live coverage: stories, updates and their events. Reads of published material need no token.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Create one with `sitrep token create --role editor`',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sitrep_session',
            description:
              'The desk: sign in with POST /api/v1/session; send its csrf_token as x-csrf-token on every write',
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  const metrics = createMetrics()
  registerMetrics(app, metrics)
  await app.register(cookie)
  registerAuth(app, services.tokens, services.users)

  const hub = new StreamHub(
    services.events,
    runtime.bus,
    {
      replayWindow: config.replayWindow,
      heartbeatMs: config.heartbeatMs,
      retryMs: config.retryMs,
      maxUnsentBytes: config.streamMaxUnsentBytes,
    },
    metrics.stream,
    (error) => runtime.logger.error({ err: error }, 'stream step failed'),
  )
  hub.start()
  const presence = new PresenceHub({
    heartbeatMs: config.heartbeatMs,
    maxPerUser: config.presenceMaxPerUser,
    maxPerStory: config.presenceMaxPerStory,
    maxUnsentBytes: config.streamMaxUnsentBytes,
    onSlowReader: () => metrics.stream.slowReaderDropped(),
  })
  const streamLimit = new ClientStreamLimit(config.streamMaxPerClient)

  await app.register(
    async (api) => {
      await api.register(storiesRoutes(services))
      await api.register(updatesRoutes(services))
      await api.register(tokensRoutes(services))
      await api.register(sessionRoutes(services, { sessionMaxAgeMs: config.sessionMaxAgeMs }))
      await api.register(usersRoutes(services, { onDeactivated: (id) => presence.closeUser(id) }))
      await api.register(auditRoutes(services))
      await api.register(mediaApiRoutes(services))
      await api.register(presenceRoutes(services, presence, streamLimit))
      await api.register(claimsRoutes(services))
      await api.register(attributionsRoutes(services))
      await api.register(sourcesRoutes(services))
      await api.register(importsRoutes(services))
      await api.register(inboxRoutes(services))
      await api.register(feedsRoutes(services))
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger())
    },
    { prefix: '/api/v1' },
  )
  await app.register(streamRoutes(services, hub, streamLimit))
  await app.register(mediaFileRoutes(services))
  await app.register(deskRoutes)
  await app.register(mapRoutes(reader.context))
  await app.register(healthRoutes(runtime, () => closing))
  await app.register(reader.routes)
  await app.register(claimsPagesRoutes(reader.context))
  await app.register(feedRoutes(reader.context))

  // Feeds in: one poll round at a time; a round never overlaps the next, a broken feed is logged.
  let feedTimer: NodeJS.Timeout | undefined
  let polling = false
  app.addHook('onReady', (done) => {
    feedTimer = setInterval(() => {
      if (polling || closing) return
      polling = true
      services.feeds
        .pollDue()
        .then((reports) => {
          for (const r of reports.filter((x) => x.status === 'failed'))
            runtime.logger.warn({ feed: r.url, error: r.error }, 'feed poll failed')
        })
        .catch((error: unknown) => runtime.logger.error({ err: error }, 'feed polling failed'))
        .finally(() => {
          polling = false
        })
    }, FEED_POLL_TICK_MS)
    feedTimer.unref()
    done()
  })

  // Streams are hijacked, so Fastify cannot end them itself: end them first, with a retry hint.
  app.addHook('preClose', (done) => {
    if (feedTimer) clearInterval(feedTimer)
    closing = true
    hub.closeAll()
    presence.closeAll()
    done()
  })

  return { app, hub, presence }
}
