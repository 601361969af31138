/** @module ingest/extract/suggest-claims — groups statements about one proposition into suggested claims. */
import { findEntities, type PlaceIndex } from '../entities/find-entities.js'
import type { ExtractedAttribution, SuggestedClaim } from './attribution.js'

/** Event classes: different words for one kind of proposition. */
const EVENTS: Array<{ key: string; pattern: RegExp }> = [
  {
    key: 'captured',
    pattern:
      /\b(?:captured|capturing|seized|taken control|took control|taking control|(?:is|are|was|were|be) in control|controlling|under (?:its|their|\w+) control|has fallen|had fallen|have fallen|fell to|lost|recaptured|reached)\b/i,
  },
  { key: 'breached', pattern: /\b(?:breach(?:ed)?|broke through|failed|failure|collapsed?)\b/i },
  { key: 'ceasefire', pattern: /\b(?:ceasefire|truce)\b/i },
  { key: 'evacuated', pattern: /\b(?:evacuat\w*|moved from|left their homes)\b/i },
  { key: 'casualties', pattern: /\b(?:killed|dead|wounded|injured|missing)\b/i },
  { key: 'outbreak', pattern: /\b(?:cases?|outbreak|infect\w*|variant)\b/i },
]

/** Stances that answer an earlier statement rather than make a new one. */
const RESPONSES = new Set(['denies', 'declines_to_confirm', 'cautions', 'retracts'])

const STOP = new Set(
  'the a an of to in on at for and or but that this these it its their his her was were is are be been had has have would will could by with from as not no yet'.split(
    ' ',
  ),
)

/** The event class a text speaks of ("captured", "ceasefire"…), if any. */
export const eventOf = (text: string): string | undefined =>
  EVENTS.find((e) => e.pattern.test(text))?.key

export const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  )

export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  const union = a.size + b.size - shared
  return union === 0 ? 0 : shared / union
}

interface Features {
  event: string | undefined
  places: Set<string>
  words: Set<string>
}

/**
 * Groups attributions into suggested claims: statements sharing an event class and a place
 * ("captured" + Soledar), a response (denial, caution, no confirmation) about a place another
 * statement makes a claim about, or mostly the same words. "The town" and "the pass" refer to the
 * last place named before them. Precision first: a statement that fits no group is a claim alone.
 */
export function suggestClaims(
  text: string,
  attributions: ExtractedAttribution[],
  places: PlaceIndex,
): SuggestedClaim[] {
  const mentions = findEntities(text, places).filter((e) => e.kind === 'place')
  const placeNames = new Map(mentions.map((m) => [m.id, m.name]))
  const featuresOf = (a: ExtractedAttribution): Features => {
    const ids = new Set(
      mentions.filter((m) => m.start >= a.content.start && m.end <= a.content.end).map((m) => m.id),
    )
    if (
      /\bthe (?:[\w-]+ ){0,3}(?:town|city|village|pass|port|dam|levee|bridge)\b/i.test(
        a.content.text,
      )
    ) {
      const last = mentions.filter((m) => m.end <= a.content.start).at(-1)
      if (last) ids.add(last.id)
    }
    const event = eventOf(a.content.text)
    // "…has not confirmed a breach": a response naming the event but no place is about the
    // last place named before it.
    if (ids.size === 0 && event && RESPONSES.has(a.stance)) {
      const last = mentions.filter((m) => m.end <= a.content.start).at(-1)
      if (last) ids.add(last.id)
    }
    return {
      event,
      places: ids,
      words: wordsOf(a.content.text),
    }
  }
  interface Group {
    members: ExtractedAttribution[]
    key: string
    /** What its statements share, kept whole so each new statement is checked in one step. */
    starts: Set<number>
    events: Set<string>
    places: Set<string>
    /** The words of its first statements: enough to recognise a rewording, bounded for long texts. */
    words: Array<Set<string>>
  }
  const MAX_WORD_SETS = 20
  const groups: Group[] = []
  for (const a of attributions) {
    const f = featuresOf(a)
    const sharesPlace = (g: Group) => [...f.places].some((p) => g.places.has(p))
    const group = groups.find((g) => {
      if (g.starts.has(a.content.start)) return true
      if (f.event && g.events.has(f.event) && sharesPlace(g)) return true
      if (RESPONSES.has(a.stance) && !f.event && g.events.size > 0 && sharesPlace(g)) return true
      return g.words.some((w) => jaccard(w, f.words) >= 0.5)
    })
    const target: Group = group ?? {
      members: [],
      key: '',
      starts: new Set(),
      events: new Set(),
      places: new Set(),
      words: [],
    }
    if (!group) {
      const place = [...f.places][0]
      target.key =
        f.event && place ? `${f.event}:${place}` : `text:${[...f.words].slice(0, 4).join('-')}`
      groups.push(target)
    }
    target.members.push(a)
    target.starts.add(a.content.start)
    if (f.event) target.events.add(f.event)
    for (const p of f.places) target.places.add(p)
    if (target.words.length < MAX_WORD_SETS) target.words.push(f.words)
  }
  return groups.map((g) => ({
    // The plainest statement of the proposition: the shortest assertion, else the shortest content.
    proposition: (
      [...g.members]
        .filter((m) => m.stance === 'asserts' || m.stance.startsWith('assesses'))
        .sort((x, y) => x.content.text.length - y.content.text.length)[0] ??
      [...g.members].sort((x, y) => x.content.text.length - y.content.text.length)[0]!
    ).content.text,
    key: g.key,
    subjects: [...new Set([...g.places].map((id) => placeNames.get(id) ?? id))],
    // One statement per source: "both the Kremlin and the ministry" are two voices.
    statements: g.members.flatMap((m) =>
      (m.sources.length > 0
        ? m.sources
        : [{ id: m.source_id, name: m.sourceName, person: false }]
      ).map((s) => ({
        source_id: s.id,
        sourceName: s.name,
        person: s.person,
        stance: m.stance,
        source: m.source,
        cue: m.cue,
        content: m.content,
        time: m.time,
      })),
    ),
  }))
}
