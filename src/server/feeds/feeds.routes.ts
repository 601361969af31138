/** @module server/feeds/feeds.routes — GET /stories/:slug/feed.atom and /stories/:slug/feed.json, cached like pages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicStory, publicUpdate } from '../../core/public-shape.js'
import type { Story } from '../../core/story.js'
import { sendCached, weakEtag, type Rendered } from '../reader/http-cache.js'
import { lastChangeOf } from '../reader/pages.js'
import type { ReaderContext } from '../reader/site.js'
import { atomFeed, jsonFeed, type FeedInput } from './feed-builder.js'

const Slug = Type.Object({ slug: Type.String({ maxLength: 80 }) })

const FORMATS = {
  atom: { type: 'application/atom+xml; charset=utf-8', build: atomFeed },
  json: { type: 'application/feed+json; charset=utf-8', build: jsonFeed },
} as const

export const feedRoutes =
  (rc: ReaderContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const load = async (story: Story): Promise<FeedInput> => {
      const [{ items, story: current }, updated] = await Promise.all([
        rc.services.updates.listUpdates(undefined, story.slug, {
          status: 'published',
          limit: rc.config.readerPageSize,
        }),
        lastChangeOf(rc, story),
      ])
      return {
        site: rc.site,
        story: publicStory(current),
        updates: items.map((u) => publicUpdate(u, story.slug)),
        updated,
      }
    }

    for (const format of ['atom', 'json'] as const) {
      app.get(
        `/stories/:slug/feed.${format}`,
        {
          // Documented in docs/reader.md; kept out of the API document, which covers /api/v1.
          schema: { hide: true, params: Slug },
        },
        async (request, reply) => {
          const story = await rc.services.stories.getStory(request.params.slug)
          const etag = weakEtag(format, rc.siteVersion, story.id, story.lastSeq, story.version)
          let rendered = rc.cache.get(etag)
          if (!rendered) {
            const input = await load(story)
            const fresh: Rendered = {
              body: Buffer.from(FORMATS[format].build(input)),
              type: FORMATS[format].type,
              etag,
              lastModified: input.updated,
            }
            rc.cache.set(etag, fresh)
            rendered = fresh
          }
          return sendCached(request, reply, rendered)
        },
      )
    }
  }
