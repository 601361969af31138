/** @module server/claims/claims-pages.routes — reader pages of the ledger: /stories/:slug/claims and /stories/:slug/claims/:id. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { VNode } from 'preact'
import { Type } from 'typebox'
import { STATUS_LABELS } from '../../core/claim.js'
import { claimReview } from '../../core/claim-review.js'
import { Document, absolute } from '../reader/components/document.js'
import { HTML_TYPE, renderDocument } from '../reader/render.js'
import type { ReaderContext } from '../reader/site.js'
import { paths } from '../reader/view.js'
import { ClaimPage, LedgerPage, claimPath, ledgerPath } from './claim-page.js'

/** Short enough that a verdict reaches readers without JavaScript on their next load. */
const CACHE = 'public, max-age=5, s-maxage=5'

function send(reply: FastifyReply, page: VNode): FastifyReply {
  return reply.type(HTML_TYPE).header('cache-control', CACHE).send(renderDocument(page))
}

/**
 * Missing stories and claims throw the catalog's 404s; the reader's error renderer turns them into
 * its HTML error page.
 */
export const claimsPagesRoutes =
  (rc: ReaderContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const ctx = () => ({ now: rc.now(), timeZone: rc.config.timeZone })

    app.get(
      '/stories/:slug/claims',
      { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 80 }) }) } },
      async (request, reply) => {
        const { story, views } = await rc.services.claims.listClaims(request.params.slug)
        return send(
          reply,
          <Document
            site={rc.site}
            meta={{
              title: `What is claimed — ${story.title}`,
              description: `Claims in “${story.title}”: who asserts them, who denies them, and what is confirmed.`,
              canonical: absolute(rc.site, ledgerPath(story.slug)),
            }}
          >
            <LedgerPage story={story} views={views} ctx={ctx()} />
          </Document>,
        )
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
        const { story, view } = await rc.services.claims.getClaimInStory(slug, id)
        if (view.claim.mergedInto) {
          // A duplicate lives on as a pointer: send readers to the claim that absorbed it.
          const survivor = await rc.services.claims.resolveClaim(id)
          return reply.redirect(claimPath(story.slug, survivor.claim.id), 301)
        }
        const canonical = absolute(rc.site, claimPath(story.slug, view.claim.id))
        const review = claimReview(view, {
          url: canonical,
          storyUrl: absolute(rc.site, paths.story(story.slug)),
          updateUrl: (updateId) => absolute(rc.site, paths.update(story.slug, updateId)),
          publisherName: rc.site.publisherName,
          publisherUrl: rc.site.publicUrl,
        })
        return send(
          reply,
          <Document
            site={rc.site}
            meta={{
              title: `${view.claim.proposition} — ${STATUS_LABELS[view.claim.status]}`,
              description: `${STATUS_LABELS[view.claim.status]}: ${view.claim.proposition}. Who said what, and how it changed.`,
              canonical,
              ogType: 'article',
              jsonLd: review,
            }}
            script={rc.site.claimScript}
          >
            <ClaimPage story={story} view={view} ctx={ctx()} />
          </Document>,
        )
      },
    )
  }
