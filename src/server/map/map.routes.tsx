/** @module server/map/map.routes — GET /stories/:slug/map: the story's places as an SVG map, no script needed. */
import type { FastifyPluginAsync } from 'fastify'
import type { Story } from '../../core/story.js'
import type { Update } from '../../core/update.js'
import type { Place } from '../../ingest/entities/find-entities.js'
import type { UpdateCursor } from '../../storage/repositories/update.repository.js'
import { Document, absolute } from '../reader/components/document.js'
import { isNotModified, sendCached, weakEtag, type Rendered } from '../reader/http-cache.js'
import { lastChangeOf } from '../reader/pages.js'
import { HTML_TYPE, renderDocument } from '../reader/render.js'
import type { ReaderContext } from '../reader/site.js'
import { paths } from '../reader/view.js'
import { MapPage } from './map-page.js'
import { groupPoints, placesOf, renderMapSvg, type World } from './story-map.js'

/** The map reads at most this many published updates, newest first. */
const MAX_UPDATES = 1000
/** Finding places is the costly part: other requests get the loop back at least this often (ms). */
const SLICE_MS = 10
/** Updates whose places are remembered (by id and version), so a new version reads only what changed. */
const MEMO_SIZE = 20_000
/** The map changes only when the story does; a CDN may keep it a little longer than a story page. */
const MAP_CACHE = 'public, max-age=30'

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export const mapRoutes =
  (rc: ReaderContext): FastifyPluginAsync =>
  async (app) => {
    const { services } = rc
    /** Renders in progress, by ETag: six readers asking at once share one render. */
    const inflight = new Map<string, Promise<Rendered>>()
    const memo = new Map<string, Place[]>()

    const placesFor = async (updates: Update[]) => {
      // The gazetteer (135,000 cities) loads on the first map request, not at boot.
      const { loadPlaceIndex } = await import('../../ingest/entities/place-index.js')
      const index = await loadPlaceIndex()
      const found: Array<{ update: Update; places: Place[] }> = []
      let sliceStart = performance.now()
      for (const update of updates) {
        const key = `${update.id}:${update.version}`
        let places = memo.get(key)
        if (!places) {
          places = placesOf(update, index)
          memo.set(key, places)
          if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!)
        }
        found.push({ update, places })
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop()
          sliceStart = performance.now()
        }
      }
      return found
    }

    const render = async (story: Story, etag: string): Promise<Rendered> => {
      const slug = story.slug
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
      const points = groupPoints(await placesFor(updates))
      const { worldCountries } = await import('../../ingest/entities/place-index.js')
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
      return {
        body: renderDocument(page),
        type: HTML_TYPE,
        etag,
        lastModified: await lastChangeOf(rc, story),
      }
    }

    app.get<{ Params: { slug: string } }>(
      '/stories/:slug/map',
      { schema: { hide: true } },
      async (request, reply) => {
        const story = await services.stories.getStory(request.params.slug)
        // The map shows nothing but the story's title and its published updates: both move the
        // story's version or event number, so those name the representation.
        const etag = weakEtag('map', rc.siteVersion, story.id, story.lastSeq, story.version)
        let rendered = rc.cache.get(etag)
        if (!rendered) {
          // Another process may have rendered it: a matching validator needs no render at all.
          if (
            typeof request.headers['if-none-match'] === 'string' &&
            isNotModified(request, etag, new Date(0))
          )
            return reply.header('etag', etag).header('cache-control', MAP_CACHE).status(304).send()
          let pending = inflight.get(etag)
          if (!pending) {
            pending = render(story, etag).finally(() => inflight.delete(etag))
            inflight.set(etag, pending)
          }
          rendered = await pending
          rc.cache.set(etag, rendered)
        }
        return sendCached(request, reply, rendered, MAP_CACHE)
      },
    )
  }
