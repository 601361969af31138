/** @module ingest/extract/sources — canonical source names and ids: aliases, demonyms, "the ministry", "he". */
import { ORGANISATION_WORDS, TITLE_WORDS } from './lexicon.js'

/** A Source the newsroom already knows, with the other names it goes by. */
export interface KnownSource {
  id: string
  name: string
  aliases: string[]
}

/** Country possessives read as adjectives, so "Russia's Defense Ministry" is "the Russian Defense Ministry". */
export const DEMONYMS: Record<string, string> = {
  russia: 'russian',
  ukraine: 'ukrainian',
  germany: 'german',
  france: 'french',
  poland: 'polish',
  finland: 'finnish',
  croatia: 'croatian',
  serbia: 'serbian',
  hungary: 'hungarian',
  romania: 'romanian',
  belarus: 'belarusian',
  britain: 'british',
  china: 'chinese',
  america: 'american',
  turkey: 'turkish',
  israel: 'israeli',
  iran: 'iranian',
  austria: 'austrian',
  slovakia: 'slovak',
  bulgaria: 'bulgarian',
  switzerland: 'swiss',
  italy: 'italian',
  spain: 'spanish',
  sweden: 'swedish',
  norway: 'norwegian',
  estonia: 'estonian',
  latvia: 'latvian',
  lithuania: 'lithuanian',
  moldova: 'moldovan',
  georgia: 'georgian',
  japan: 'japanese',
  india: 'indian',
  kelmar: 'kelmari',
  orvena: 'orvenan',
}

/** Names that mean the same actor. Kept short: a story adds its own Sources. */
const BUILT_IN: KnownSource[] = [
  {
    id: 'institute-for-the-study-of-war',
    name: 'Institute for the Study of War',
    aliases: ['ISW', 'the US-based Institute for the Study of War'],
  },
  { id: 'nato', name: 'NATO', aliases: ['the alliance', 'the trans-Atlantic security alliance'] },
  { id: 'united-nations', name: 'United Nations', aliases: ['the UN', 'the U.N.'] },
  { id: 'kremlin', name: 'Kremlin', aliases: ['the Kremlin'] },
]

const SPELLING: Record<string, string> = { defence: 'defense', organisation: 'organization' }

/** A comparable form: no determiners or possessives, demonyms for countries, one spelling. */
export function normaliseName(name: string): string {
  let n = name
    .replace(/[’]/g, "'")
    .replace(/^(?:the|a|an|both)\s+/i, '')
    .replace(/\bMinistry of (?:the )?([A-Z][\w-]+)/g, '$1 Ministry')
  n = n.replace(/\b([A-Z][\w-]+)'s\b/g, (_m, w: string) => DEMONYMS[w.toLowerCase()] ?? w)
  const words = n.toLowerCase().split(/\s+/)
  // A country alone stays the country ("Germany"); inside a longer name it is an adjective.
  return words
    .map((w) => (words.length > 1 ? (DEMONYMS[w] ?? SPELLING[w] ?? w) : (SPELLING[w] ?? w)))
    .join(' ')
    .replace(/[^\p{L}\p{N}' -]/gu, '')
    .trim()
}

export const slugOf = (name: string): string =>
  normaliseName(name)
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')

/** Whether a source phrase names a person: two or more name words at its end, after a title at most. */
export function isPersonName(phrase: string): boolean {
  const words = phrase.replace(/^(?:the|a|an)\s+/i, '').split(/\s+/)
  const tail = personalName(phrase)
  const name = tail === phrase && !/^\p{Lu}/u.test(words.at(-1) ?? '') ? [] : tail.split(/\s+/)
  if (name.length < 2 || name.some((w) => ORGANISATION_WORDS.has(w.toLowerCase()))) return false
  const head = words.slice(0, words.length - name.length).map((w) => w.toLowerCase())
  return !head.some((w) => ORGANISATION_WORDS.has(w)) || head.some((w) => TITLE_WORDS.has(w))
}

/** The personal name at the end of a phrase: "Deputy Mayor Ivo Kranjc" → "Ivo Kranjc". */
export function personalName(phrase: string): string {
  const words = phrase.split(/\s+/)
  let i = words.length
  while (i > 0) {
    const w = words[i - 1] ?? ''
    const lower = w.toLowerCase()
    if (!/^\p{Lu}[\p{L}'’-]*$/u.test(w) || TITLE_WORDS.has(lower) || ORGANISATION_WORDS.has(lower))
      break
    i--
  }
  return words.slice(i).join(' ') || phrase
}

export interface ResolvedSource {
  id: string
  name: string
  person: boolean
}

/**
 * Resolves source phrases in reading order. Remembers who was named, so later "the ministry",
 * "it", "he" or a bare surname resolve to them — only when exactly one earlier source fits.
 */
type Mention = ResolvedSource & { paragraph: number; words: string[] }

let builtIn: Array<[string, KnownSource]> | undefined

/** The built-in sources by normalised alias, computed once per process: every text needs them. */
function builtInKeys(): Array<[string, KnownSource]> {
  if (!builtIn) {
    builtIn = []
    for (const k of BUILT_IN)
      for (const alias of [k.name, ...k.aliases]) builtIn.push([normaliseName(alias), k])
  }
  return builtIn
}

export class SourceResolver {
  /** Normalised alias → known source; built once per resolver. */
  private readonly known = new Map<string, KnownSource>()
  /** Every mention so far, in reading order (paragraphs never go back). */
  private readonly seen: Mention[] = []
  /** The latest mention of each source, so lookups cost the number of sources, not of mentions. */
  private readonly byId = new Map<string, Mention>()

  constructor(known: KnownSource[] = []) {
    for (const k of known) {
      for (const alias of [k.name, ...k.aliases]) {
        const key = normaliseName(alias)
        if (!this.known.has(key)) this.known.set(key, k)
      }
    }
    for (const [key, k] of builtInKeys()) if (!this.known.has(key)) this.known.set(key, k)
  }

  resolve(phrase: string, paragraph: number): ResolvedSource | undefined {
    const clean = phrase
      .replace(/^(?:both|all)\s+/i, '')
      .replace(/,.*$/, '')
      .trim()
    const lower = clean.toLowerCase()
    // Mentions of the last three paragraphs, read backwards only as far as a pronoun needs: a
    // paragraph of thousands of statements costs each lookup a step or two, not all of them.
    const recent = (i: number) => {
      const m = this.seen[i]
      return m && paragraph - m.paragraph <= 3 ? m : undefined
    }
    const sources = [...this.byId.values()]

    if (lower === 'he' || lower === 'she') {
      const people: Mention[] = []
      for (let i = this.seen.length - 1; people.length < 2; i--) {
        const m = recent(i)
        if (!m) break
        if (m.person) people.unshift(m)
      }
      const distinct = unique(people)
      return distinct.length === 1 ? this.remember(distinct[0]!, paragraph) : undefined
    }
    if (lower === 'it' || lower === 'they') {
      const last = recent(this.seen.length - 1)
      return last && !last.person ? this.remember(last, paragraph) : undefined
    }
    const norm = normaliseName(clean)
    const k = this.known.get(norm)
    if (k) return this.remember({ id: k.id, name: k.name, person: false }, paragraph)
    // "the ministry", "the company", "the spokesperson": the one earlier source with that head.
    const definite = /^(?:the|its|his|her|their)\s+([\p{Ll}\s-]+)$/u.exec(
      clean.replace(/^(?:The|Its|His|Her|Their)\b/, (w) => w.toLowerCase()),
    )
    if (definite) {
      const head = definite[1]?.trim().split(/\s+/).at(-1) ?? ''
      const matches = sources.filter((s) => s.words.includes(head))
      if (matches.length === 1) return this.remember(matches[0]!, paragraph)
    }
    const person = isPersonName(clean)
    if (person || /^\p{Lu}[\p{L}'’-]+$/u.test(clean)) {
      const name = person ? personalName(clean) : clean
      // A bare surname after the full name: "Polishchuk" after "Aleksey Polishchuk".
      const earlier = sources.filter(
        (s) => s.person && (s.name === name || s.name.endsWith(` ${name}`)),
      )
      if (earlier.length === 1) return this.remember(earlier[0]!, paragraph)
      if (person) return this.remember({ id: slugOf(name), name, person: true }, paragraph)
    }
    const name = canonicalName(clean)
    const id = slugOf(name)
    const existing = this.byId.get(id)
    return this.remember(existing ?? { id, name, person: false }, paragraph)
  }

  private remember(source: ResolvedSource, paragraph: number): ResolvedSource {
    const mention = { ...source, paragraph, words: normaliseName(source.name).split(' ') }
    this.seen.push(mention)
    this.byId.set(source.id, mention)
    return { id: source.id, name: source.name, person: source.person }
  }
}

function unique<T extends { id: string }>(items: T[]): T[] {
  const byId = new Map<string, T>()
  for (const item of items) byId.set(item.id, item)
  return [...byId.values()]
}

/** A readable canonical name: determiners off, country possessives as adjectives, capitalised. */
function canonicalName(phrase: string): string {
  const acronyms = new Set(phrase.match(/\b[A-Z]{2,}\b/g) ?? [])
  return normaliseName(phrase)
    .split(' ')
    .map((w, i) => {
      const upper = w.toUpperCase()
      if (acronyms.has(upper)) return upper
      if (i > 0 && /^(?:of|the|for|and|in|on)$/.test(w)) return w
      return w.charAt(0).toUpperCase() + w.slice(1)
    })
    .join(' ')
}
