/** @module server/map/map.routes — GET /stories/:slug/map: the story's places as an SVG map, no script needed. */
import type { FastifyPluginAsync } from 'fastify'
import type { Update } from '../../core/update.js'
import type { UpdateCursor } from '../../storage/repositories/update.repository.js'
import { Document, absolute } from '../reader/components/document.js'
import { HTML_TYPE, renderDocument } from '../reader/render.js'
import type { ReaderContext } from '../reader/site.js'
import { paths } from '../reader/view.js'
import { MapPage } from './map-page.js'
import { renderMapSvg, storyMapPoints, type World } from './story-map.js'

/** The map reads at most this many published updates, newest first. */
const MAX_UPDATES = 1000

export const mapRoutes =
  (rc: ReaderContext): FastifyPluginAsync =>
  async (app) => {
    const { services } = rc
    app.get<{ Params: { slug: string } }>(
      '/stories/:slug/map',
      { schema: { hide: true } },
      async (request, reply) => {
        const { slug } = request.params
        const story = await services.stories.getStory(slug)
        const updates: Update[] = []
        let cursor: UpdateCursor | undefined
        do {
          const page = await services.updates.listUpdates(undefined, slug, {
            status: 'published',
            limit: 100,
            cursor,
          })
          updates.push(...page.items)
          cursor = page.next
        } while (cursor && updates.length < MAX_UPDATES)
        // The gazetteer (135,000 cities) loads on the first map request, not at boot.
        const { loadPlaceIndex, worldCountries } =
          await import('../../ingest/entities/place-index.js')
        const points = storyMapPoints(updates, await loadPlaceIndex())
        const link = (id: string) => paths.update(slug, id)
        const svg = renderMapSvg(points, worldCountries() as World, link)
        const page = (
          <Document
            site={rc.site}
            meta={{
              title: `Map: ${story.title}`,
              description: `The places named in “${story.title}”, each linking to the updates that mention it.`,
              canonical: absolute(rc.site, paths.map(slug)),
            }}
          >
            <MapPage story={story} points={points} svg={svg} link={link} />
          </Document>
        )
        return reply
          .type(HTML_TYPE)
          .header('cache-control', 'public, max-age=30')
          .send(renderDocument(page))
      },
    )
  }
