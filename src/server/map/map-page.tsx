/** @module server/map/map-page — the story map page in the reader's layout: the SVG, then every place with its updates. */
import { paths } from '../reader/view.js'
import type { MapPoint } from './story-map.js'

export interface MapPageProps {
  story: { title: string; slug: string }
  points: MapPoint[]
  /** Drawn by `renderMapSvg`, every name in it escaped there. */
  svg: string
  link: (id: string) => string
}

/** Readable without JavaScript; the list repeats the map for screen readers and small screens. */
export function MapPage({ story, points, svg, link }: MapPageProps) {
  return (
    <main id="main" class="map-page">
      <p class="crumb">
        <a href={paths.story(story.slug)}>← {story.title}</a>
      </p>
      <h1>Places in “{story.title}”</h1>
      {points.length === 0 ? (
        <p>No published update names a place yet.</p>
      ) : (
        <>
          {/* Our own SVG: every text in it went through `escape` in renderMapSvg. */}
          <div class="story-map" dangerouslySetInnerHTML={{ __html: svg }} />
          <h2>Places and the updates that mention them</h2>
          <ul class="map-places">
            {points.map((p) => (
              <li key={p.place.id}>
                <strong>{p.place.name}</strong>
                <ul>
                  {p.updates.map((u) => (
                    <li key={u.id}>
                      <a href={link(u.id)}>{u.headline}</a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  )
}
