/** @module server/map/story-map — the places a story's updates mention, drawn as an SVG map that needs no script or tile server. */
import { geoBounds, geoMercator, geoPath } from 'd3-geo'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { findEntities, type Place, type PlaceIndex } from '../../ingest/entities/find-entities.js'

export interface MapUpdate {
  id: string
  headline: string
  body: string
}

export interface MapPoint {
  place: Place
  /** The updates that mention the place, in the order given (newest first). */
  updates: Array<{ id: string; headline: string }>
}

export type World = Topology<{ countries: GeometryCollection<{ name: string }> }>

const WIDTH = 800
const HEIGHT = 500
/** Degrees of margin around the places, so a single town still shows its surroundings. */
const MARGIN = 3

/** The distinct places an update names, in the order they first appear. */
export function placesOf(update: MapUpdate, places: PlaceIndex): Place[] {
  const found = new Map<string, Place>()
  for (const mention of findEntities(`${update.headline}.\n\n${update.body}`, places))
    if (mention.kind === 'place' && mention.place) found.set(mention.place.id, mention.place)
  return [...found.values()]
}

/** The points of the map from each update's places (as `placesOf` finds them), most mentioned first. */
export function groupPoints(updates: Array<{ update: MapUpdate; places: Place[] }>): MapPoint[] {
  const byPlace = new Map<string, MapPoint>()
  for (const { update, places } of updates) {
    for (const place of places) {
      const point = byPlace.get(place.id) ?? { place, updates: [] }
      if (!point.updates.some((u) => u.id === update.id))
        point.updates.push({ id: update.id, headline: update.headline })
      byPlace.set(place.id, point)
    }
  }
  return [...byPlace.values()].sort(
    (a, b) => b.updates.length - a.updates.length || a.place.name.localeCompare(b.place.name),
  )
}

/** Places named in the headlines and bodies of the updates, most mentioned first. */
export function storyMapPoints(updates: MapUpdate[], places: PlaceIndex): MapPoint[] {
  return groupPoints(updates.map((update) => ({ update, places: placesOf(update, places) })))
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

type Country = {
  f: Feature<Geometry, { name: string }>
  bounds: [[number, number], [number, number]]
}
const countryCache = new WeakMap<World, Country[]>()

/** The world's countries as features with their bounds, worked out once per atlas, not per map. */
function countriesOf(world: World): Country[] {
  let countries = countryCache.get(world)
  if (!countries) {
    const collection = feature(world, world.objects.countries) as FeatureCollection<
      Geometry,
      { name: string }
    >
    countries = collection.features.map((f) => ({ f, bounds: geoBounds(f) }))
    countryCache.set(world, countries)
  }
  return countries
}

/**
 * Draws the points over the countries around them. Countries are drawn as points in the margin
 * frame only (a city is a dot, a country a ring at its centroid). Each point links to the first
 * update that mentions it; the list under the map links to all of them.
 */
export function renderMapSvg(
  points: MapPoint[],
  world: World,
  link: (id: string) => string,
): string {
  // Towns frame the map; a country named in passing should not zoom it out to the world.
  const local = points.filter((p) => p.place.kind !== 'country')
  const coords = (local.length > 0 ? local : points).map(
    (p) => [p.place.lon, p.place.lat] as [number, number],
  )
  const lons = coords.map((c) => c[0])
  const lats = coords.map((c) => c[1])
  const frame: Feature = {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'MultiPoint',
      coordinates:
        coords.length > 0
          ? [
              [Math.min(...lons) - MARGIN, Math.min(...lats) - MARGIN],
              [Math.max(...lons) + MARGIN, Math.max(...lats) + MARGIN],
            ]
          : [
              [-170, -60],
              [170, 75],
            ],
    },
  }
  const projection = geoMercator().fitExtent(
    [
      [10, 10],
      [WIDTH - 10, HEIGHT - 10],
    ],
    frame,
  )
  // Clipping to the frame keeps the page small: only the visible coastlines are written.
  projection.clipExtent([
    [0, 0],
    [WIDTH, HEIGHT],
  ])
  const path = geoPath(projection).digits(1)
  const [west, east, south, north] =
    coords.length > 0
      ? [
          Math.min(...lons) - MARGIN,
          Math.max(...lons) + MARGIN,
          Math.min(...lats) - MARGIN,
          Math.max(...lats) + MARGIN,
        ]
      : [-170, 170, -60, 75]
  // Only the countries near the frame: the whole world at this detail would be most of the page.
  const shapes = countriesOf(world)
    .filter(({ bounds: [[w, s], [e, n]] }) => {
      return w <= east + 10 && e >= west - 10 && s <= north + 10 && n >= south - 10
    })
    .map(({ f }) => ({ f, d: path(f) ?? '' }))
    // Clipping leaves nothing of some of them: no empty shapes in the page.
    .filter(({ d }) => d !== '')
    .map(({ f, d }) => `<path d="${d}"><title>${escape(f.properties.name)}</title></path>`)
    .join('')
  const dots = points
    .map((p) => {
      const xy = projection([p.place.lon, p.place.lat])
      if (!xy) return ''
      const [x, y] = xy
      // A far-away country stays in the list below the map, not at the edge of it.
      if (x < 0 || y < 0 || x > WIDTH || y > HEIGHT) return ''
      const first = p.updates[0]
      const label = `${p.place.name}: ${p.updates.length} update${p.updates.length === 1 ? '' : 's'}`
      const r = p.place.kind === 'country' ? 9 : 5 + Math.min(5, p.updates.length)
      const shape =
        p.place.kind === 'country'
          ? `<circle class="country" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"/>`
          : `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"/>`
      return `<a href="${escape(first ? link(first.id) : '#')}"><title>${escape(label)}</title>${shape}<text x="${(x + r + 3).toFixed(1)}" y="${(y + 4).toFixed(1)}">${escape(p.place.name)}</text></a>`
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="map-title">` +
    `<title id="map-title">Places mentioned in this story</title>` +
    `<rect width="${WIDTH}" height="${HEIGHT}" class="sea"/><g class="land">${shapes}</g><g class="points">${dots}</g></svg>`
  )
}
