/** @module server/claims/claims-pages.routes — reader pages of the ledger: /stories/:slug/claims and /stories/:slug/claims/:id. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { render } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { Config } from '../../config.js'
import { claimReview, jsonLdText } from '../../core/claim-review.js'
import { isAppError } from '../../errors.js'
import type { Services } from '../../services/services.js'
import {
  ClaimPage,
  LedgerPage,
  NotFoundPage,
  claimPath,
  updatePath,
  type PageContext,
} from './claim-page.js'

function send(reply: FastifyReply, status: number, page: VNode): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', status === 200 ? 'public, max-age=5' : 'no-store')
    .send(`<!doctype html>${render(page)}`)
}

export const claimsPagesRoutes =
  (services: Services, config: Config): FastifyPluginAsyncTypebox =>
  async (app) => {
    const format = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: config.timeZone,
    })
    const ctx = (canonicalPath: string, jsonLd?: string): PageContext => ({
      time: (iso) => format.format(new Date(iso)),
      timeZone: config.timeZone,
      canonical: config.publicUrl + canonicalPath,
      jsonLd,
    })
    // The reader site's error pages are not built yet: ledger pages answer a missing claim in HTML.
    const notFound = (reply: FastifyReply, error: unknown) => {
      if (isAppError(error) && error.status === 404)
        return send(reply, 404, <NotFoundPage message={error.message} />)
      throw error
    }

    app.get(
      '/stories/:slug/claims',
      {
        schema: {
          hide: true,
          params: Type.Object({ slug: Type.String({ maxLength: 80 }) }),
        },
      },
      async (request, reply) => {
        try {
          const { story, views } = await services.claims.listClaims(request.params.slug)
          return send(
            reply,
            200,
            <LedgerPage story={story} views={views} ctx={ctx(`/stories/${story.slug}/claims`)} />,
          )
        } catch (error) {
          return notFound(reply, error)
        }
      },
    )

    app.get(
      '/stories/:slug/claims/:id',
      {
        schema: {
          hide: true,
          params: Type.Object({
            slug: Type.String({ maxLength: 80 }),
            id: Type.String({ maxLength: 64 }),
          }),
        },
      },
      async (request, reply) => {
        const { slug, id } = request.params
        try {
          const { story, view } = await services.claims.getClaimInStory(slug, id)
          if (view.claim.mergedInto) {
            // A duplicate lives on as a pointer: send readers to the claim that absorbed it.
            const survivor = await services.claims.resolveClaim(id)
            return reply.redirect(claimPath(story.slug, survivor.claim.id), 301)
          }
          const path = claimPath(story.slug, view.claim.id)
          const review = claimReview(view, {
            url: config.publicUrl + path,
            storyUrl: `${config.publicUrl}/stories/${story.slug}`,
            updateUrl: (updateId) => config.publicUrl + updatePath(story.slug, updateId),
            publisherName: config.publisherName,
            publisherUrl: config.publicUrl,
          })
          return send(
            reply,
            200,
            <ClaimPage story={story} view={view} ctx={ctx(path, review && jsonLdText(review))} />,
          )
        } catch (error) {
          return notFound(reply, error)
        }
      },
    )
  }
