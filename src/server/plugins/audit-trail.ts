/**
 * @module server/plugins/audit-trail — writes an audit entry for every successful change made
 * through the story, update, feed and token routes, with the state before and after.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { publicUpdate } from '../../core/public-shape.js'
import type { Services } from '../../services/services.js'
import { presentFeed } from '../api/feeds/feeds.presenter.js'

interface Pending {
  action: string
  targetType: string
  storySlug: string | null
  targetId: string
  before: unknown
}

declare module 'fastify' {
  interface FastifyRequest {
    auditPending: Pending | undefined
  }
}

type Params = { slug?: string; id?: string }

/** Route → action. Routes that record their own entries (users, session, media) are not listed. */
const ACTIONS: Record<string, { action: string; targetType: string }> = {
  'POST /api/v1/stories/:slug/updates': { action: 'update.create', targetType: 'update' },
  'PATCH /api/v1/stories/:slug/updates/:id': { action: 'update.edit', targetType: 'update' },
  'DELETE /api/v1/stories/:slug/updates/:id': { action: 'update.delete', targetType: 'update' },
  'POST /api/v1/stories/:slug/feeds': { action: 'feed.add', targetType: 'feed' },
  'DELETE /api/v1/stories/:slug/feeds/:id': { action: 'feed.remove', targetType: 'feed' },
}

/** Only what an auditor needs of a response: never a token's secret. */
function trimAfter(targetType: string, body: Record<string, unknown>): unknown {
  if (targetType === 'token') {
    const token = (body.token ?? body) as Record<string, unknown>
    return { id: token.id, name: token.name, role: token.role }
  }
  return body
}

export function registerAuditTrail(app: FastifyInstance, services: Services): void {
  app.decorateRequest('auditPending', undefined)

  app.addHook('preHandler', async (request) => {
    const known = ACTIONS[`${request.method} ${request.routeOptions.url ?? ''}`]
    if (!known || !request.actor) return
    const params = request.params as Params
    request.auditPending = {
      ...known,
      storySlug: params.slug ?? null,
      // A new feed is named by its own id, read from the response.
      targetId: params.id ?? (known.targetType === 'feed' ? '' : params.slug) ?? '',
      before: await readBefore(services, request, known.action, params),
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.auditPending
    if (!pending || !request.actor || reply.statusCode >= 300) return payload
    // Adding a feed the story already follows changes nothing (200, not 201).
    if (pending.action === 'feed.add' && reply.statusCode !== 201) return payload
    let after: Record<string, unknown> = {}
    try {
      const parsed: unknown = typeof payload === 'string' ? JSON.parse(payload) : null
      if (parsed && typeof parsed === 'object') after = parsed as Record<string, unknown>
    } catch {
      after = {}
    }
    let action = pending.action
    if (action === 'update.edit' && after.status === 'published') {
      const before = pending.before as { status?: string } | null
      if (before?.status === 'draft') action = 'update.publish'
    }
    const token = (after.token ?? after) as Record<string, unknown>
    const targetId =
      pending.targetId ||
      String((pending.targetType === 'story' ? after.slug : undefined) ?? token.id ?? '')
    // The change is committed: a failed audit write is logged loudly but does not turn it into a 500.
    await services.audit
      .record({
        actor: request.actor,
        action,
        targetType: pending.targetType,
        targetId,
        storySlug: pending.storySlug ?? (pending.targetType === 'story' ? targetId : null),
        before: pending.before,
        after: trimAfter(pending.targetType, after),
        ip: request.ip,
        requestId: request.id,
      })
      .catch((error: unknown) => request.log.error({ err: error }, 'audit entry not written'))
    return payload
  })
}

async function readBefore(
  services: Services,
  request: FastifyRequest,
  action: string,
  params: Params,
): Promise<unknown> {
  try {
    if ((action === 'update.edit' || action === 'update.delete') && params.slug && params.id) {
      const { story, update } = await services.updates.getUpdate(
        request.actor,
        params.slug,
        params.id,
      )
      return publicUpdate(update, story.slug)
    }
    if (action === 'feed.remove' && request.actor && params.slug && params.id)
      return presentFeed(await services.feeds.getFeed(request.actor, params.slug, params.id))
  } catch {
    // Not found or not visible: the route itself will answer with the error.
  }
  return null
}
