/** @module ingest/extract/extract-attributions — who said what, with which stance, when: rules over our own lexicons. */
import type { Span } from '../imported-document.js'
import type { ExtractedAttribution, Stance, TextSpan } from './attribution.js'
import { TIME_PHRASE, resolveTime } from './dateline.js'
import {
  AUX_BEFORE,
  CUE_ADVERBIAL,
  BELIEF_VERBS,
  CUE_RULES,
  INTRO_PATTERN,
  SAY_VERBS,
  SOURCE_HEADS,
  type CueKind,
} from './lexicon.js'
import { PartsOfSpeech } from './parts-of-speech.js'
import { splitSentences, type Sentence } from './sentences.js'
import { SourceResolver, isPersonName, personalName, type KnownSource } from './sources.js'

export interface ExtractOptions {
  /** YYYY-MM-DD; defaults to the text's own `date` marker. Relative times resolve against it. */
  dateline?: string
  /** Sources the newsroom knows, so aliases resolve to their ids. */
  knownSources?: KnownSource[]
}

interface Cue extends Span {
  stance: Stance
  kind: CueKind
  /** What must follow the cue (lexicon `needs`): a content clause, or one opened by "that". */
  needs: 'clause' | 'that' | undefined
  /** A passive cue ("was confirmed by"): its source follows "by". */
  passive: boolean
}

/** Internal draft of an attribution before resolution. */
interface Draft {
  source: Span
  cue: Cue
  content: Span
  paragraph: number
  sentence: Sentence
}

// One pass over a sentence finds every cue verb; the group index says which rule matched.
const CUE_SCAN = new RegExp(
  `(?<![\\p{L}\\p{N}'’-])(?:${CUE_RULES.map((r) => `(${r.pattern})`).join('|')})(?![\\p{L}\\p{N}'’-])`,
  'gu',
)
// A sentence with none of these word starts has no cue: most sentences are skipped at once.
const CUE_HINT = new RegExp(
  `\\b(?:${[
    ...new Set(
      CUE_RULES.flatMap((r) =>
        r.pattern
          .replace(/\(\?:|\)|\\s\+|\?|\[Aa\]/g, ' ')
          .split(/[|\s]+/)
          .filter((w) => /^[a-z]{2,}$/i.test(w))
          .map((w) => w.slice(0, 4).toLowerCase()),
      ),
    ),
  ].join('|')})`,
  'i',
)

/** Clause openers on the left of a source: a source never spans them. */
const CLAUSE_BREAK =
  /(?:^|,\s+(?:and|but|while|as|though|although|whereas)\s+|,\s+|\s+[—–]\s+(?:although\s+|but\s+|while\s+|though\s+)?|;\s+|:\s+|\s+(?:although|though|while|whereas|but|and|hours after|days after|after|because|since|where|which|when)\s+|["“”]\s*)/g

const NOT_IN_SOURCE =
  /\b(?:is|was|were|are|has|have|had|will|would|could|can|been|be|being|not|that|which|than|if|because|when|where|there|it's|this|these|am|Can|Could|Would|Should|Do|Does|Did|Is|Are|Was|Were)\b|[;:!?"“”]|\.(?=\s|$)(?<!\b(?:Dr|Mr|Mrs|Ms|Prof|Gen|Col|Lt|Sgt|Capt|St|[A-Z])\.)/

const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'i', 'we', 'you'])
const HEDGE_LIKELY =
  /\b(?:likely|probably|almost certainly|appears? to|appeared to|apparently|possibly|may have|might have)\b/i
const HEDGE_UNLIKELY = /\b(?:unlikely|improbable|doubtful)\b/i

/** Whether a phrase can be a source: short, no verbs or clause words, a proper name or a source noun. */
export function isSourcePhrase(phrase: string): boolean {
  const p = phrase.trim()
  if (p === '' || p.length > 90) return false
  const words = p.split(/\s+/)
  if (words.length > 12) return false
  const lower = p.toLowerCase()
  if (PRONOUNS.has(lower)) return true
  if (NOT_IN_SOURCE.test(p)) return false
  if (
    /^(?:the|a|an|its|his|her|their|both|all|some|several|many|two|three)$/i.test(
      words.at(-1) ?? '',
    )
  )
    return false
  if (/^(?:of|in|on|at|for|from|with|by|to|into|as|about|over|after|before)$/i.test(words[0] ?? ''))
    return false
  if (/^(?:of|in|on|at|for|from|with|by|to|and|or|as)$/i.test(words.at(-1) ?? '')) return false
  const hasHead = words.some((w) =>
    SOURCE_HEADS.has(
      w
        .toLowerCase()
        .replace(/['’]s$/, '')
        .replace(/[^\p{L}-]/gu, ''),
    ),
  )
  const properWords = words.filter(
    (w, i) => /^\p{Lu}/u.test(w) && !(i === 0 && /^(?:The|A|An|Its|His|Her|Both)$/.test(w)),
  )
  // A phrase that is all lower case needs a source noun; a capitalised one is a name.
  if (properWords.length === 0) return hasHead
  // "Tests on patients in Marlow": a capital inside is not enough if it opens with a common noun.
  if (!hasHead && /^\p{Ll}/u.test(words[0] ?? '') && !/^(?:the|a|an|both)$/.test(words[0] ?? ''))
    return false
  return true
}

/** A span that can be a source: our phrase rules, or a role before a name ("dockworker Tomas Reyes"). */
function isSourceAt(text: string, span: Span, pos: PartsOfSpeech): boolean {
  const phrase = text.slice(span.start, span.end)
  return isSourcePhrase(phrase) || isRoleAndName(phrase, span, pos)
}

const TIME_WORDS = /^(?:yesterday|today|tonight|tomorrow|now|then|later|earlier|meanwhile)$/

/**
 * "dockworker Tomas Reyes", "local farmer Ana Kovac": up to three lower-case words that wink-nlp
 * tags as nouns (adjectives before them) and then a personal name. Our lexicon of source heads
 * cannot list every trade; the tags say the words name one.
 */
function isRoleAndName(phrase: string, span: Span, pos: PartsOfSpeech): boolean {
  const name = personalName(phrase)
  if (name === phrase || !isPersonName(name) || name.split(/\s+/).length < 2) return false
  const role = phrase.slice(0, phrase.length - name.length).trimEnd()
  const words = role.split(/\s+/)
  if (words.length > 3 || !words.every((w) => /^\p{Ll}[\p{Ll}-]*$/u.test(w))) return false
  // The model tags "yesterday" as a noun; a time is no role.
  if (words.some((w) => TIME_WORDS.test(w))) return false
  const tags = pos.within({ start: span.start, end: span.start + role.length })
  if (!tags || tags.length !== words.length) return false
  return tags.at(-1)?.pos === 'NOUN' && tags.every((t) => t.pos === 'NOUN' || t.pos === 'ADJ')
}

/**
 * "Early estimates put the toll at 12", "Police reports describe…": a cue word that wink-nlp
 * tags as a noun right before a verb is that verb's subject, not a cue. A noun tag alone is not
 * enough: the model also tags "The ministry reports that…" as a noun. Forms that are never a
 * noun ("said", "denied", "saying") are not asked about, so most lines are never tagged.
 */
function isSubjectNoun(pos: PartsOfSpeech, start: number, word: string): boolean {
  if (/(?:ed|ing)$|^(?:said|told|wrote)$/.test(word)) return false
  const [token, next] = pos.at(start)
  return token?.pos === 'NOUN' && (next?.pos === 'VERB' || next?.pos === 'AUX')
}

/**
 * Whether wink-nlp finds a verb in a span: a lower-case word of its own tagged as one. The name
 * before an appositive has none: in "The Danube fell on Friday, the hydrological service said" the
 * clause is the content, not a source. "US-based" (a verb after a hyphen) and "Danube Watch" (a
 * capital) stay names.
 */
function hasVerb(text: string, pos: PartsOfSpeech, span: Span): boolean {
  return (
    pos
      .within(span)
      ?.some(
        (t) =>
          (t.pos === 'VERB' || t.pos === 'AUX') &&
          /^\p{Ll}/u.test(text.slice(t.start, t.end)) &&
          /^$|\s/.test(text.charAt(t.start - 1)),
      ) ?? false
  )
}

const FUNCTION_WORDS =
  /^(?:the|a|an|of|in|on|at|for|from|with|by|to|and|or|as|its|his|her|their|our|my|who|which|that|both|all|some|many|two|three|several|local|state|former|senior|top|chief|deputy|foreign|national|regional|city|federal)$/

/** Whether a source phrase of three words or more has a lower-case word that may be a verb. */
function mayHoldVerb(phrase: string): boolean {
  const words = phrase.split(/\s+/)
  if (words.length < 3) return false
  return words.some(
    (w, i) =>
      i > 0 &&
      /^\p{Ll}+$/u.test(w) &&
      !FUNCTION_WORDS.test(w) &&
      !SOURCE_HEADS.has(w) &&
      /(?:ed|en|[^s]s|t|e)$/.test(w),
  )
}

const OBJECT_TAGS = new Set(['DET', 'PRON', 'PROPN', 'NOUN', 'NUM', 'ADJ'])

/**
 * Whether a span holds a verb with its object ("Pachomius gave Theodorus control"), which a
 * source does not; a participle ("a company hired by the owner", "the group known as…") or a
 * relative clause ("residents who fled Lutsa") may be part of one.
 */
function hasVerbWithObject(text: string, pos: PartsOfSpeech, span: Span): boolean {
  const tags = pos.within(span)
  if (!tags) return false
  for (let i = 1; i + 1 < tags.length; i++) {
    const t = tags[i]!
    if (t.pos !== 'VERB' || !/^\p{Ll}/u.test(text.slice(t.start, t.end))) continue
    // "the armed group": a participle after a determiner is an adjective.
    if (tags[i - 1]!.pos === 'DET') continue
    if (/^(?:who|which|that)$/i.test(text.slice(tags[i - 1]!.start, tags[i - 1]!.end))) continue
    if (OBJECT_TAGS.has(tags[i + 1]!.pos)) return true
  }
  return false
}

/**
 * Whether a content says something: more than a pronoun or a conjunction ("said nothing"). Only
 * a content of a few words can say nothing, so only those are tagged.
 */
function saysSomething(text: string, pos: PartsOfSpeech, span: Span): boolean {
  if (!/^\S+(?:\s+\S+){0,3}$/.test(text.slice(span.start, span.end))) return true
  return pos.within(span)?.some((t) => SAYING_TAGS.has(t.pos)) ?? true
}

/** A source with a source noun, or a capital after its first word, names someone as written. */
function namesPlainly(phrase: string): boolean {
  return phrase.split(/\s+/).some(
    (w, i) =>
      (i > 0 && /^\p{Lu}/u.test(w)) ||
      SOURCE_HEADS.has(
        w
          .toLowerCase()
          .replace(/['’]s$/, '')
          .replace(/[^\p{L}-]/gu, ''),
      ),
  )
}

const NAMING_TAGS = new Set(['NOUN', 'PROPN', 'NUM', 'SYM', 'X'])
const SAYING_TAGS = new Set(['NOUN', 'PROPN', 'NUM', 'SYM', 'X', 'VERB', 'AUX', 'ADJ'])

/**
 * wink-nlp's veto over a draft: its source names someone (a noun or a name; "Nobody" and
 * "Neither" do not) and its content says something ("said nothing" does not).
 */
function taggedAsStatement(text: string, d: Draft, pos: PartsOfSpeech): boolean {
  const phrase = text.slice(d.source.start, d.source.end)
  if (phrase !== '' && !PRONOUNS.has(phrase.toLowerCase()) && !namesPlainly(phrase)) {
    const source = pos.within(d.source)
    if (source && !source.some((t) => NAMING_TAGS.has(t.pos))) return false
  }
  return saysSomething(text, pos, d.content)
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /[\s,"“”'‘’]/.test(text[start] ?? '')) start++
  while (end > start && /[\s,.;:"“”'‘’—–]/.test(text[end - 1] ?? '')) end--
  return { start, end }
}

const DETERMINER_BEFORE =
  /(?:(?<![\p{L}'’])(?:the|a|an|this|these|those|his|her|its|their|our|my|your|every|each|no|any|such)|\p{L}['’]s)\s+$/iu

/**
 * Whether a position is inside a quotation opened earlier in its sentence: an odd number of
 * straight quotes, or more opening curly quotes than closing ones, before it.
 */
function insideQuotation(text: string, from: number, at: number): boolean {
  const before = text.slice(Math.max(from, at - CONTENT_REACH), at)
  let straight = 0
  let curly = 0
  for (const ch of before) {
    if (ch === '"') straight++
    else if (ch === '“') curly++
    else if (ch === '”') curly--
  }
  return straight % 2 === 1 || curly > 0
}

/** What follows a cue once adverbials ("on Friday", "in a statement") are skipped. */
function afterAdverbial(text: string, from: number, to: number): string {
  // Adverbials are short: 300 characters hold them and the word after.
  const rest = text.slice(from, Math.min(to, from + 300))
  const adverbial = CUE_ADVERBIAL.exec(rest)
  return adverbial ? rest.slice(adverbial[0].length) : rest
}

function taggedAsVerb(pos: PartsOfSpeech, start: number): boolean {
  const [token] = pos.at(start)
  return !token || token.pos === 'VERB' || token.pos === 'AUX'
}

const PARTICIPLES =
  /^(?:said|stated|announced|reported|confirmed|denied|rejected|dismissed|claimed|estimated|assessed|believed|verified|thought|feared|expected|understood|alleged|known|suspected|assumed|presumed|asserted|argued|suggested|found|shown|noted|concluded|established|determined|predicted|indicated|revealed|disclosed|hoped|announced|believed)$/

function findCues(text: string, sentence: Sentence, pos: PartsOfSpeech): Cue[] {
  const slice = text.slice(sentence.start, sentence.end)
  if (!CUE_HINT.test(slice)) return []
  const found: Cue[] = []
  CUE_SCAN.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = CUE_SCAN.exec(slice)) !== null) {
    const rule = CUE_RULES[m.slice(1).findIndex((g) => g !== undefined)]
    if (!rule) continue
    let start = sentence.start + m.index
    const end = start + m[0].length
    // "the report", "a claim", "their fears": after a determiner a cue word is a noun.
    if (
      rule.kind !== 'according' &&
      DETERMINER_BEFORE.test(text.slice(Math.max(sentence.start, start - 12), start))
    )
      continue
    // "the ministry knew the risk" is no statement: what must follow comes first, it is cheap.
    if (rule.needs === 'that' && !/^\s*that\s/.test(afterAdverbial(text, end, sentence.end)))
      continue
    if (rule.kind !== 'according' && isSubjectNoun(pos, start, m[0].split(/\s/)[0] ?? '')) continue
    const aux = AUX_BEFORE.exec(text.slice(Math.max(sentence.start, start - 60), start))?.[0] ?? ''
    // Inside an open quotation a cue belongs to the quoted words, not to the text.
    if (rule.needs && insideQuotation(text, sentence.start, start)) continue
    // "state television", "their fears": a word of these classes that is tagged as no verb is
    // none. Past forms and participles are never nouns here, so their lines are not tagged.
    // A "that" right after it makes it a verb ("researchers fear that", "the data show that").
    if (
      rule.needs &&
      !/(?:ed|ing|said|told|wrote|thought|found|knew|felt|meant)$/.test(m[0]) &&
      !/^\s*(?:that|I|we|he|she|they)\s/.test(afterAdverbial(text, end, sentence.end))
    )
      if (!taggedAsVerb(pos, start)) continue
    start -= aux.length
    const negated = /\b(?:not|never)\b|n't/.test(aux)
    const beForm = /\b(?:is|are|was|were)\s/.test(aux) && !negated
    let stance: Stance
    if (rule.kind === 'confirm') stance = negated ? 'declines_to_confirm' : 'asserts'
    else if (rule.kind === 'claim' || rule.kind === 'according') stance = 'asserts'
    else if (negated && rule.negated) stance = rule.negated
    else if (negated && rule.kind !== 'declines_to_confirm')
      continue // "did not say": no statement
    else stance = rule.kind
    const passive = beForm && PARTICIPLES.test(m[0])
    // "is telling residents", "were saying": the progressive is no passive and still a cue.
    if (beForm && !passive && !/ing$/.test(m[0].split(/\s/)[0] ?? '')) continue
    found.push({ start, end, stance, kind: rule.kind, passive, needs: rule.needs })
  }
  return found
}

/**
 * How far left of a cue its source may start, and how far right of it its content may reach, in
 * UTF-16 code units. Every look around a cue stays inside these windows, so a text costs time in
 * proportion to its length however its sentences run (the longest source in our corpora starts
 * 118 characters before its cue; the longest content is 450 characters).
 */
export const SOURCE_REACH = 400
export const CONTENT_REACH = 2_000
/** Clause starts tried left of a cue: "Holm, speaking in Vosh, said" needs two. */
const MAX_CLAUSES_TRIED = 8

/**
 * Every clause start left of a cue, nearest first, within `reach` of it. A window's edge that is
 * no clause start of its own is none here either.
 */
function clauseStarts(
  text: string,
  from: number,
  cueStart: number,
  reach = SOURCE_REACH,
): number[] {
  const cut = cueStart - reach > from
  if (cut) from = cueStart - reach
  const left = text.slice(from, cueStart)
  const starts = cut ? [] : [0]
  CLAUSE_BREAK.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = CLAUSE_BREAK.exec(left)) !== null) {
    if (m[0].length === 0) {
      CLAUSE_BREAK.lastIndex++
      continue
    }
    if (m.index + m[0].length <= left.length) starts.push(m.index + m[0].length)
  }
  return [...new Set(starts)].sort((a, b) => b - a).map((s) => from + s)
}

/** The left edge of the clause a cue sits in; a content reaches back at most CONTENT_REACH. */
function clauseStart(text: string, from: number, cueStart: number): number {
  return (
    clauseStarts(text, from, cueStart, CONTENT_REACH)[0] ?? Math.max(from, cueStart - CONTENT_REACH)
  )
}

const SUBORDINATOR =
  /^\s*(?:and|but|after|hours after|days after|although|though|while|whereas|as|because|since|when)\s+/i

const TRAILING_ADVERBIAL =
  /(?:\s+(?:earlier this week|last week|this week|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|also|now|later|earlier|meanwhile|in its annual report|in a statement|in an interview|speaking in [A-Z][\w'’-]*))+\s*,?\s*$/

const LEADING_PHRASE =
  /^(?:In|On|At|With|After|Before|During|For|From|Since|Later|Then|So|And|But|Yet|Also|Now|First)\b/

/** A candidate source phrase, trimmed of openers and adverbials; undefined when it is none. */
function candidate(text: string, start: number, end: number, pos: PartsOfSpeech): Span | undefined {
  let phrase = text.slice(start, end)
  const opener = SUBORDINATOR.exec(phrase)
  if (opener) {
    start += opener[0].length
    phrase = phrase.slice(opener[0].length)
  }
  const intro = INTRO_PATTERN.exec(phrase)
  if (intro) {
    start += intro[0].length
    phrase = phrase.slice(intro[0].length)
  }
  const tail = TRAILING_ADVERBIAL.exec(phrase)
  if (tail) end -= tail[0].length
  const span = trimSpan(text, start, end)
  const value = text.slice(span.start, span.end)
  // "Holm, speaking in Vosh," and "Dr. Mira Tallen, the head of surgery,": the name is the source.
  const appositive = /^([^,]+),\s+\p{Ll}[^,]*$/u.exec(value)
  if (appositive?.[1]) {
    const name = { start: span.start, end: span.start + appositive[1].length }
    return isSourceAt(text, name, pos) ? name : undefined
  }
  // "Kelmar's chief negotiator, Oskar Brandt": a role, then the name.
  if (value.includes(',') && !/^[^,]+,\s+\p{Lu}[^,]*$/u.test(value)) return undefined
  if (!isSourceAt(text, span, pos)) {
    // "In those days I believed", "With tears in her eyes she said": the pronoun speaks.
    const pronoun = /\s(I|[Ww]e|[Yy]ou|[Hh]e|[Ss]he|[Tt]hey)$/.exec(value)
    if (pronoun?.[1] && LEADING_PHRASE.test(value))
      return { start: span.end - pronoun[1].length, end: span.end }
    return undefined
  }
  // "Pachomius gave Theodorus control": a clause with a verb of its own names no one.
  // Only phrases with a lower-case word that may be a verb are tagged.
  if (mayHoldVerb(value) && hasVerbWithObject(text, pos, span)) return undefined
  return span
}

/** The source phrase left of a cue: the nearest clause that reads as a source, widened over an appositive. */
function sourceLeftOf(
  text: string,
  from: number,
  cueStart: number,
  pos: PartsOfSpeech,
): Span | undefined {
  const starts = clauseStarts(text, from, cueStart).slice(0, MAX_CLAUSES_TRIED + 1)
  for (const [i, start] of starts.slice(0, MAX_CLAUSES_TRIED).entries()) {
    if (text.slice(start, cueStart).trim() === '') continue
    const found = candidate(text, start, cueStart, pos)
    if (!found) {
      // A participle or role after a comma ("speaking in Vosh") may still belong to the source.
      if (/^\s*\p{Ll}/u.test(text.slice(start, cueStart)) && text[start - 2] === ',') continue
      return undefined
    }
    const value = text.slice(found.start, found.end)
    // "Kelmar's chief negotiator, Oskar Brandt": a role before a name, set off by a comma.
    const wider = starts[i + 1]
    // "…War, a military observation group, said" and "Volodin, the speaker of the Duma, said".
    const describes = /^(?:a|an|the)\s+\p{Ll}/u.test(value)
    if (
      wider !== undefined &&
      (isPersonName(value) || describes) &&
      text.slice(wider, start).trimEnd().endsWith(',')
    ) {
      const widened = candidate(text, wider, cueStart, pos)
      const before = text.slice(widened?.start ?? 0, found.start)
      if (
        widened &&
        widened.start < found.start &&
        (describes || /^\p{Ll}|['’]s\b/u.test(before)) &&
        !hasVerb(text, pos, { start: widened.start, end: found.start })
      )
        return widened
    }
    // "both the Kremlin and the Russian Defense Ministry": conjoined sources speak together.
    const conjoined =
      /(?<![\p{L}])(?:(?:both|Both)\s+)?((?:the\s+|The\s+)?(?!(?:But|And|Meanwhile|However|Both)\b)\p{Lu}[\p{L}'’-]*(?:\s+[\p{L}'’-]+){0,4}?)\s+and\s+$/u.exec(
        text.slice(Math.max(from, found.start - 80), found.start),
      )
    if (conjoined?.[1] && isSourcePhrase(conjoined[1]) && !/,/.test(conjoined[0])) {
      return { start: found.start - conjoined[0].length, end: found.end }
    }
    return found
  }
  return undefined
}

/** Where a content clause that starts at `start` ends: a new clause, a quote's end, the sentence's end. */
function contentEnd(text: string, start: number, limit: number, quoted: boolean): number {
  limit = Math.min(limit, start + CONTENT_REACH)
  const slice = text.slice(start, limit)
  if (quoted) {
    const close = /["”]/.exec(slice)
    if (close) return start + close.index
  }
  const stops = [
    CONTINUATION_ANYWHERE,
    /,\s+according to\b/,
    /\s+[—–]\s+(?:although|but|while|though)\b/,
    /,\s+(?:calling|state media|state television|local media|the \w+ news agency)\b/,
    /,\s+(?:[\p{L}'’-]+\s+){0,4}(?:said|reported|added|told)\s*[.]?$/u,
  ]
  let end = slice.length
  for (const stop of stops) {
    const m = stop.exec(slice)
    if (m && m.index < end) end = m.index
  }
  return start + end
}
const CONTINUATION_ANYWHERE =
  /,?\s+(?:and\s+|but\s+)?(?:adding|saying|calling)\b|,?\s+(?:and|but)\s+(?:said|added|announced)\b/

/** A line that is a headline or teaser: no sentence ends it. Headlines restate the body. */
const isHeadlineLine = (line: string): boolean => !/[.!?"”'’)]\s*$/.test(line) && line.length < 160

/**
 * Finds attributions in a text: for every sentence, who (source), the cue, what (content) and the
 * stance, with offsets into `text`. Rules favour precision: a phrase that does not look like a
 * source, or a cue without a clear content, yields nothing.
 *
 * @example extractAttributions('The ministry said the bridge was open.')
 */
export function extractAttributions(
  text: string,
  options: ExtractOptions = {},
): ExtractedAttribution[] {
  const marker = /^\s*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*/.exec(text)
  const dateline = options.dateline ?? marker?.[1]
  const markerEnd = marker?.[0].length ?? 0
  const sentences: Sentence[] = []
  // Each line is one paragraph: whether it is a headline is decided once per line.
  const headline = new Map<number, boolean>()
  const headlines: Sentence[] = []
  for (const s of splitSentences(text)) {
    if (s.end <= markerEnd) continue
    const start = Math.max(s.start, markerEnd)
    let isHeadline = headline.get(s.paragraph)
    if (isHeadline === undefined) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      const lineEnd = text.indexOf('\n', start)
      const line = text.slice(Math.max(lineStart, markerEnd), lineEnd < 0 ? text.length : lineEnd)
      isHeadline = isHeadlineLine(line.trim())
      headline.set(s.paragraph, isHeadline)
    }
    if (isHeadline) {
      headlines.push({ ...s, start })
      continue
    }
    sentences.push({ ...s, start })
  }
  const pos = new PartsOfSpeech(text)
  const drafts: Draft[] = []
  // Indexed by paragraph and by sentence, so a long text costs time in proportion to its length.
  const consumed = new Map<number, Span[]>()
  const inConsumed = (paragraph: number, s: number, e: number) =>
    consumed.get(paragraph)?.some((c) => s < c.end && e > c.start) ?? false
  const bySentence = new Map<number, Draft[]>()
  const keep = (draft: Draft) => {
    drafts.push(draft)
    const list = bySentence.get(draft.sentence.start)
    if (list) list.push(draft)
    else bySentence.set(draft.sentence.start, [draft])
  }

  // Quotes first: a quotation may run over several sentences before its cue.
  const byParagraph = new Map<number, Sentence[]>()
  for (const s of sentences) {
    const list = byParagraph.get(s.paragraph)
    if (list) list.push(s)
    else byParagraph.set(s.paragraph, [s])
  }
  for (const [paragraph, list] of byParagraph) {
    const first = list[0]
    const last = list.at(-1)
    if (!first || !last || !/["“]/.test(text.slice(first.start, last.end))) continue
    for (const draft of quotedAttributions(text, first.start, last.end, paragraph, list, pos)) {
      if (!taggedAsStatement(text, draft, pos)) continue
      keep(draft)
      const spans = consumed.get(paragraph)
      if (spans) spans.push(draft.source, draft.cue)
      else consumed.set(paragraph, [draft.source, draft.cue])
    }
  }

  for (const sentence of sentences) {
    const cues = findCues(text, sentence, pos).filter(
      (c) => !inConsumed(sentence.paragraph, c.start, c.end),
    )
    let previous: Draft | undefined = bySentence
      .get(sentence.start)
      ?.findLast((d) => d.cue.end <= (cues[0]?.start ?? 0))
    for (const [i, cue] of cues.entries()) {
      const draft = attributionAt(text, sentence, cue, cues[i + 1], previous, pos)
      if (draft && taggedAsStatement(text, draft, pos)) {
        keep(draft)
        previous = draft
      }
    }
    // "The bridge has reportedly collapsed": reported, with no one named.
    for (const draft of reportedlyAttributions(text, sentence)) {
      const taken = bySentence.get(sentence.start) ?? []
      if (taken.some((d) => d.content.start <= draft.cue.start && draft.cue.end <= d.content.end))
        continue
      keep(draft)
    }
    // "The ministry's claim that…": a noun of saying whose owner is the source.
    for (const draft of nominalAttributions(text, sentence)) {
      const taken = bySentence.get(sentence.start) ?? []
      if (taken.some((d) => d.cue.start < draft.cue.end && draft.cue.start < d.cue.end)) continue
      keep(draft)
    }
  }
  // "Minister: the bridge will reopen" — a headline that quotes its source after a colon.
  for (const line of headlines) {
    const draft = headlineAttribution(text, line, pos)
    if (draft) keep(draft)
  }

  drafts.sort((a, b) => a.cue.start - b.cue.start)
  const resolver = new SourceResolver(options.knownSources)
  return drafts.map((d) => finish(text, d, resolver, dateline))
}

function attributionAt(
  text: string,
  sentence: Sentence,
  cue: Cue,
  next: Cue | undefined,
  previous: Draft | undefined,
  pos: PartsOfSpeech,
): Draft | undefined {
  if (cue.kind === 'according') return accordingTo(text, sentence, cue)
  if (cue.passive) return passiveAt(text, sentence, cue)

  // A later cue limits the content only when it opens a clause of its own.
  const nextClause = next ? clauseStart(text, cue.end, next.start) : sentence.end
  const limit = nextClause > cue.end ? nextClause : sentence.end
  // A source never reaches back over an earlier cue: "rejected reports" has no source "… rejected".
  const left =
    previous && previous.sentence === sentence
      ? Math.max(sentence.start, previous.cue.end)
      : sentence.start
  let source = sourceLeftOf(text, left, cue.start, pos)
  // "…, adding …" and "… and said …": the previous attribution's source goes on speaking.
  const previousEnd = previous
    ? Math.max(previous.content.end, previous.cue.end, previous.source.end)
    : 0
  if (previous && cue.start >= previousEnd) {
    const gap = text.slice(previousEnd, cue.start).replace(CUE_ADVERBIAL, '')
    if (/^[\s,]*(?:and|but)?\s*$/.test(gap) && (!source || source.start < previous.content.end))
      source = previous.source
  }
  // "Officials, who said…": the source is the noun the relative clause hangs on.
  if (!source) {
    const who = /,?\s*\bwho\s+$/.exec(text.slice(Math.max(left, cue.start - 12), cue.start))
    if (who) source = sourceLeftOf(text, left, cue.start - who[0].length, pos)
  }
  // "The ministry issued a statement, saying…" and "…and said": the clause's own subject speaks.
  if (!source && /(?:,\s*|\band\s+)$/.test(text.slice(Math.max(left, cue.start - 6), cue.start)))
    source = subjectOf(text, pos, {
      start: Math.max(left, cue.start - SOURCE_REACH),
      end: cue.start,
    })
  if (!source) return contentFirst(text, sentence, cue, next, previous, pos)
  let start = cue.end
  const after = CUE_ADVERBIAL.exec(text.slice(start, sentence.end))
  if (after) start += after[0].length
  const rest = text.slice(start, sentence.end)
  // "…, the ministry said — although …": what it said came before; a dash or a contrast opens
  // another clause, never the content.
  if (/^\s*(?:[—–]|-\s|,?\s*(?:although|though|but|while|whereas)\b)/.test(rest))
    return contentFirst(text, sentence, cue, next, previous, pos)
  // "said to be" has no content; "claims to have…" and "said it was unlikely to…" do.
  const assesses = cue.kind === 'assesses_likely' || cue.kind === 'assesses_unlikely'
  if (/^\s*to\s/.test(rest) && cue.kind !== 'claim' && !assesses) return undefined
  if (cue.needs && !opensClause(text, pos, start, rest, cue.needs, cue.kind))
    return contentFirst(text, sentence, cue, next, previous, pos)
  const lead = assesses
    ? /^\s*(?:,\s*)?(?:that\s+|:\s*)?(["“])?/.exec(rest)
    : /^\s*(?:,\s*)?(?:that\s+|:\s*|to\s+(?=\w))?(["“])?/.exec(rest)
  start += lead?.[0].length ?? 0
  const end = contentEnd(text, start, Math.max(start, limit), Boolean(lead?.[1]))
  const content = trimSpan(text, start, end)
  // "said of disgorgement", "say and unworkable": a conjunction or preposition opens no content.
  const opensWithLink = /^(?:and|or|but|nor|of)\b/i.test(text.slice(content.start, content.end))
  if (content.end - content.start >= 3 && !opensWithLink && saysSomething(text, pos, content)) {
    return { source, cue, content, paragraph: sentence.paragraph, sentence }
  }
  // "Kyiv has not yet confirmed." — the content is what the sentence said before.
  if (cue.stance === 'declines_to_confirm' && previous)
    return { source, cue, content: previous.content, paragraph: sentence.paragraph, sentence }
  return contentFirst(text, sentence, cue, next, previous, pos)
}

const CLAUSE_OPENER =
  /^\s*(?::\s*)?(?:that|whether|if|why|how|what|when|where|who|which)\b|^\s*:?\s*["“]|^\s*:\s+\S/i
const SUBJECT_TAGS = new Set(['PRON', 'DET', 'PROPN', 'NOUN', 'ADJ'])
const NOUN_PHRASE_TAGS = new Set([
  'DET',
  'ADJ',
  'NOUN',
  'PROPN',
  'NUM',
  'ADP',
  'CCONJ',
  'PART',
  'ADV',
])
const SUBJECT_PRONOUN =
  /^(?:i|we|you|he|she|it|they|there|this|these|those|that|someone|everyone|everybody|nobody|nothing|something|everything|all|both|many|some|none)$/i

/**
 * Whether what follows a cue of a class that needs one is a content clause: "that…", a question
 * word or a quotation, or (for `clause`) a subject and a verb: "believes the bridge will hold",
 * not "expects a rise" or "thinks so".
 */
function opensClause(
  text: string,
  pos: PartsOfSpeech,
  start: number,
  rest: string,
  needs: 'clause' | 'that',
  kind: CueKind,
): boolean {
  if (needs === 'that') return /^\s*that\s/.test(rest)
  if (kind === 'claim' && /^\s*to\s/.test(rest)) return true
  if (CLAUSE_OPENER.test(rest)) return true
  if (!/^\s+\p{L}/u.test(rest)) return false
  const lead = /^\s+/.exec(rest)?.[0].length ?? 0
  const window = { start: start + lead, end: Math.min(start + rest.length, start + lead + 80) }
  const tags = pos.within(window)
  if (!tags || tags.length < 2) return false
  // "I think maybe they…": an adverb may come before the subject.
  while (tags.length > 2 && tags[0]?.pos === 'ADV') tags.shift()
  const first = tags[0]
  if (!first || !SUBJECT_TAGS.has(first.pos)) return false
  // "told us to", "asked him": an object pronoun opens no clause.
  if (first.pos === 'PRON' && !SUBJECT_PRONOUN.test(text.slice(first.start, first.end)))
    return false
  // The verb follows its subject within a few words of a noun phrase.
  for (const t of tags.slice(1, 7)) {
    if (t.pos === 'VERB' || t.pos === 'AUX') {
      const word = text.slice(t.start, t.end)
      // "the challenges facing Virginia": a participle is no clause's verb.
      return /^[\p{Ll}'’]/u.test(word) && !(t.pos === 'VERB' && /ing$/.test(word))
    }
    if (!NOUN_PHRASE_TAGS.has(t.pos)) return false
  }
  return false
}

/** "It was confirmed by the ministry that…" and "The figures were reported by the agency." */
function passiveAt(text: string, sentence: Sentence, cue: Cue): Draft | undefined {
  // A source after "by" is at most 90 characters (isSourcePhrase), so a window of 200 decides it.
  const rest = text.slice(cue.end, Math.min(sentence.end, cue.end + 200))
  const by = /^\s+by\s+([^,.;]+?)(?=\s+that\s|\s*[,.;]|$)/.exec(rest)
  if (!by?.[1] || !isSourcePhrase(by[1])) {
    // "It was reported that…", "It is believed that…": said, with no one named.
    const that = /^\s+that\s+/.exec(rest)
    if (
      !that ||
      !/(?:^|[\s,;:])[Ii]t\s+$/.test(text.slice(Math.max(sentence.start, cue.start - 4), cue.start))
    )
      return undefined
    const from = cue.end + that[0].length
    const content = trimSpan(text, from, contentEnd(text, from, sentence.end, false))
    if (content.end - content.start < 10) return undefined
    const source = { start: cue.start, end: cue.start }
    return { source, cue, content, paragraph: sentence.paragraph, sentence }
  }
  const sourceStart = cue.end + rest.indexOf(by[1])
  const source = { start: sourceStart, end: sourceStart + by[1].length }
  const that = /^\s+that\s+/.exec(text.slice(source.end, sentence.end))
  const content = that
    ? trimSpan(
        text,
        source.end + that[0].length,
        Math.min(sentence.end, source.end + that[0].length + CONTENT_REACH),
      )
    : trimSpan(text, clauseStart(text, sentence.start, cue.start), cue.start)
  if (content.end - content.start < 3 || /^it$/i.test(text.slice(content.start, content.end)))
    return undefined
  return { source, cue, content, paragraph: sentence.paragraph, sentence }
}

const REPORTEDLY =
  /(?<![\p{L}])(?:reportedly|allegedly|purportedly|supposedly|according to reports)(?![\p{L}])/gu

/** "The bridge has reportedly collapsed": the clause around the adverb is the content. */
function reportedlyAttributions(text: string, sentence: Sentence): Draft[] {
  const slice = text.slice(sentence.start, sentence.end)
  if (!/ported|legedly|rportedly|pposedly/.test(slice)) return []
  const out: Draft[] = []
  REPORTEDLY.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = REPORTEDLY.exec(slice)) !== null) {
    const cueStart = sentence.start + m.index
    const cueEnd = cueStart + m[0].length
    if (insideQuotation(text, sentence.start, cueStart)) continue
    const from = clauseStart(text, sentence.start, cueStart)
    const content = trimSpan(text, from, contentEnd(text, from, sentence.end, false))
    if (content.end - content.start < 10) continue
    const cue: Cue = {
      start: cueStart,
      end: cueEnd,
      stance: 'asserts',
      kind: 'asserts',
      passive: false,
      needs: undefined,
    }
    const source = { start: cueStart, end: cueStart }
    out.push({ source, cue, content, paragraph: sentence.paragraph, sentence })
  }
  return out
}

const STATEMENT_NOUNS =
  'claim|assertion|insistence|argument|warning|denial|belief|view|contention|allegation|suggestion|conclusion|finding|assessment|prediction|promise|statement|announcement|admission|fear|hope|estimate|position|complaint|accusation'
const NOMINAL = new RegExp(
  `((?:(?:the|The)\\s+)?(?:[\\p{L}.-]+\\s+){0,4}?[\\p{L}.-]+)['’]s?\\s+(?:(?:repeated|earlier|latest|initial|public|formal)\\s+)?(${STATEMENT_NOUNS})s?\\s+(?:(?:on|in)\\s+\\w+\\s+)?that\\s+`,
  'gu',
)
const NOMINAL_STANCE: Record<string, Stance> = {
  denial: 'denies',
  warning: 'cautions',
  fear: 'cautions',
  estimate: 'assesses_likely',
  assessment: 'assesses_likely',
  belief: 'assesses_likely',
}

/** "Kelmar's claim that its troops…" and "the ministry's warning that…". */
function nominalAttributions(text: string, sentence: Sentence): Draft[] {
  const slice = text.slice(sentence.start, sentence.end)
  if (!/['’]s?\s/.test(slice) || !/\bthat\s/.test(slice)) return []
  const out: Draft[] = []
  NOMINAL.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = NOMINAL.exec(slice)) !== null) {
    const owner = m[1] ?? ''
    // The owner is the last few words that read as a source: "…of the ministry's claim".
    const words = owner.split(/\s+/)
    let i = words.length - 1
    while (
      i > 0 &&
      /^(?:\p{Lu}[\p{L}.-]*|the|[\p{Ll}-]+-[\p{Ll}-]+)$|^(?:the)$/u.test(words[i - 1] ?? '')
    )
      i--
    // Lower-case words before the name or noun are no part of it ("rejected the ministry").
    while (
      i < words.length - 1 &&
      /^\p{Ll}/u.test(words[i] ?? '') &&
      words[i] !== 'the' &&
      !SOURCE_HEADS.has(words[i] ?? '')
    )
      i++
    const phrase = words.slice(i).join(' ')
    if (!isSourcePhrase(phrase) || !(namesPlainly(phrase) || /^\p{Lu}/u.test(phrase))) continue
    const ownerStart = sentence.start + m.index + owner.length - phrase.length
    const noun = m[2] ?? ''
    const cueStart = sentence.start + m.index + m[0].lastIndexOf(noun, m[0].length - 5)
    const cue: Cue = {
      start: cueStart,
      end: cueStart + noun.length,
      stance: NOMINAL_STANCE[noun] ?? 'asserts',
      kind: 'asserts',
      passive: false,
      needs: 'that',
    }
    const from = sentence.start + m.index + m[0].length
    const content = trimSpan(text, from, contentEnd(text, from, sentence.end, false))
    if (content.end - content.start < 10) continue
    const source = { start: ownerStart, end: sentence.start + m.index + owner.length }
    out.push({ source, cue, content, paragraph: sentence.paragraph, sentence })
  }
  return out
}

/** Labels before a colon that name a section, not a source. */
const NOT_A_SPEAKER =
  /^(?:update|updates|live|breaking|analysis|opinion|comment|watch|video|photo|photos|image|images|picture|map|timeline|explainer|factbox|factcheck|fact check|q&a|interview|read more|see also|note|editor's note|correction|source|sources|credit|by)$/i

/** "Mayor Kranjc: levees will hold" — a short source, a colon, and what it said. */
function headlineAttribution(text: string, line: Sentence, pos: PartsOfSpeech): Draft | undefined {
  const value = text.slice(line.start, line.end)
  const m = /^(\s*)([^:]{2,60}?)\s*:\s+(\S.{8,})$/.exec(value)
  if (!m?.[2] || !m[3]) return undefined
  const name = m[2].trim()
  if (NOT_A_SPEAKER.test(name) || PRONOUNS.has(name.toLowerCase()) || !isSourcePhrase(name))
    return undefined
  // A name or a source noun, not a topic ("Flood latest: …").
  if (!/^\p{Lu}/u.test(name) || !namesPlainly(name)) return undefined
  // Every word a name, a source noun or "of"/"the": a caption ("Smoke rises … Image") is none.
  const words = name.split(/\s+/)
  if (words.length > 5 || NOT_A_SPEAKER.test(words.at(-1) ?? '')) return undefined
  if (
    !words.every((w) => /^\p{Lu}/u.test(w) || /^(?:of|the|for|and)$/.test(w) || SOURCE_HEADS.has(w))
  )
    return undefined
  const sourceStart = line.start + (m[1]?.length ?? 0)
  const colon = value.indexOf(':', (m[1]?.length ?? 0) + m[2].length)
  const source = trimSpan(text, sourceStart, sourceStart + m[2].length)
  const contentStart = line.start + value.indexOf(m[3], colon)
  const content = trimSpan(text, contentStart, line.end)
  // A title and its subtitle ("Distant Rhythm: Automatic Detection…") say nothing: no verb.
  if (content.end - content.start < 8 || !hasVerb(text, pos, content)) return undefined
  const cue: Cue = {
    start: line.start + colon,
    end: line.start + colon + 1,
    stance: 'asserts',
    kind: 'asserts',
    passive: false,
    needs: undefined,
  }
  return { source, cue, content, paragraph: line.paragraph, sentence: line }
}

/** Cue words that may come before their source: "…, said the ministry", "…, asked Holm". */
const INVERTED_CUES = new Set([
  'said',
  'says',
  'added',
  'wrote',
  ...SAY_VERBS.filter((f) => /^\p{Ll}+(?:ed|ied)$|^(?:told|wrote)$/u.test(f)),
  ...BELIEF_VERBS.filter((f) => /^\p{Ll}+ed$/u.test(f)),
])

/**
 * The subject of the clause in a span: the words before its first verb, when they read as a
 * source ("The ministry issued a statement, saying…" → "The ministry").
 */
function subjectOf(text: string, pos: PartsOfSpeech, span: Span): Span | undefined {
  const tags = pos.within(span)
  if (!tags) return undefined
  const verb = tags.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX')
  if (verb < 1) return undefined
  const first = tags[0]!
  const subject = trimSpan(text, first.start, tags[verb - 1]!.end)
  const found = candidate(text, subject.start, subject.end, pos)
  return found && found.end === subject.end ? found : undefined
}

/** "Content, the source said." and "Content, said the source." */
function contentFirst(
  text: string,
  sentence: Sentence,
  cue: Cue,
  next: Cue | undefined,
  previous: Draft | undefined,
  pos: PartsOfSpeech,
): Draft | undefined {
  if (cue.kind === 'confirm' && cue.stance === 'asserts') return undefined
  // The content before the cue reaches back at most CONTENT_REACH; what follows it is a source.
  const windowStart = Math.max(sentence.start, cue.start - CONTENT_REACH)
  const before = text.slice(windowStart, cue.start)
  const after = text.slice(
    cue.end,
    Math.min(next ? next.start : sentence.end, cue.end + SOURCE_REACH),
  )
  const comma = before.lastIndexOf(', ')
  if (comma < 0) return undefined
  // The content runs from the sentence's start (or the end of the previous attribution).
  let from = windowStart
  if (previous && previous.cue.end <= windowStart + comma) from = previous.content.end
  const intro = INTRO_PATTERN.exec(text.slice(from, windowStart + comma))
  const contentSpan = trimSpan(text, from + (intro?.[0].length ?? 0), windowStart + comma)
  if (contentSpan.end - contentSpan.start < 10) return undefined
  const between = before.slice(comma + 2)
  const adverbial = CUE_ADVERBIAL.exec(after)
  const tail = after.slice(adverbial?.[0].length ?? 0)
  if (between.trim() !== '') {
    // ", a spokesperson said." — the rest of the sentence must be no new clause.
    if (
      !/^\s*(?:[.;]|$|,?\s*(?:adding|saying|although|though|but|while|whereas)\b|,\s*and\b|[—–]|-\s)/.test(
        tail,
      )
    )
      return undefined
    const source = candidate(text, windowStart + comma + 2, cue.start, pos)
    if (!source) return undefined
    return { source, cue, content: contentSpan, paragraph: sentence.paragraph, sentence }
  }
  // ", said NATO spokesperson Oana Lungescu."
  const m = /^\s+([^,.;]+?)\s*(?:[.;]|,|$)/.exec(after)
  if (!m?.[1] || !INVERTED_CUES.has(text.slice(cue.start, cue.end))) return undefined
  const offset = cue.end + after.indexOf(m[1])
  if (!isSourceAt(text, { start: offset, end: offset + m[1].length }, pos)) return undefined
  return {
    source: { start: offset, end: offset + m[1].length },
    cue,
    content: contentSpan,
    paragraph: sentence.paragraph,
    sentence,
  }
}

/** "According to the source, content." and "Content, according to the source." */
function accordingTo(text: string, sentence: Sentence, cue: Cue): Draft | undefined {
  const before = text.slice(Math.max(sentence.start, cue.start - SOURCE_REACH), cue.start)
  if (/^\s*$/.test(before) && sentence.start >= cue.start - SOURCE_REACH) {
    const rest = text.slice(cue.end, Math.min(sentence.end, cue.end + CONTENT_REACH))
    const m = /^\s+([^,]+),\s+/.exec(rest)
    if (!m?.[1] || !isSourcePhrase(m[1])) return undefined
    const source = {
      start: cue.end + rest.indexOf(m[1]),
      end: cue.end + rest.indexOf(m[1]) + m[1].length,
    }
    const content = trimSpan(
      text,
      cue.end + m[0].length,
      Math.min(sentence.end, cue.end + CONTENT_REACH),
    )
    if (content.end - content.start < 3) return undefined
    return { source, cue, content, paragraph: sentence.paragraph, sentence }
  }
  if (!/,\s*$/.test(before)) return undefined
  const rest = text.slice(cue.end, Math.min(sentence.end, cue.end + CONTENT_REACH))
  // "The bridge, according to the ministry, was closed": the content runs around the cue.
  const inside = /^\s+([^,.;]+?),\s+(?=\p{Ll})(?!which\b|who\b)/u.exec(rest)
  if (inside?.[1] && isSourcePhrase(inside[1]) && !/[.;]\s*$/.test(inside[0])) {
    const sourceStart = cue.end + rest.indexOf(inside[1])
    const from = clauseStart(text, sentence.start, cue.start - 2)
    const content = trimSpan(text, from, Math.min(sentence.end, cue.end + CONTENT_REACH))
    if (content.end - content.start >= 3 && cue.start - from >= 3)
      return {
        source: { start: sourceStart, end: sourceStart + inside[1].length },
        cue,
        content,
        paragraph: sentence.paragraph,
        sentence,
      }
  }
  const m = /^\s+([^,.;]+?)(?:,\s*(?:which|who)\b.*)?\s*[.;]?\s*$/.exec(rest)
  if (!m?.[1] || !isSourcePhrase(m[1])) return undefined
  const start = cue.end + rest.indexOf(m[1])
  const content = trimSpan(text, clauseStart(text, sentence.start, cue.start - 2), cue.start)
  if (content.end - content.start < 3) return undefined
  return {
    source: { start, end: start + m[1].length },
    cue,
    content,
    paragraph: sentence.paragraph,
    sentence,
  }
}

/** `"Quote, over sentences," said Source.` and `"Quote," Source told reporters.` */
function* quotedAttributions(
  text: string,
  from: number,
  to: number,
  paragraph: number,
  sentences: Sentence[],
  pos: PartsOfSpeech,
): Generator<Draft> {
  const para = text.slice(from, to)
  const quote = /(?:^|(?<=[.!?]\s+))["“]([^"“”]{2,3000}?)([,?!])["”]\s+/g
  let m: RegExpExecArray | null
  // Quotes come in reading order, so the sentence holding each tail is found moving forward.
  let at = 0
  while ((m = quote.exec(para)) !== null) {
    const innerStart = from + m.index + (m[0].indexOf(m[1] ?? '') || 1)
    const innerEnd = innerStart + (m[1]?.length ?? 0)
    const tailStart = from + m.index + m[0].length
    while (at < sentences.length && (sentences[at]?.end ?? 0) < tailStart) at++
    const sentence =
      sentences[at] && (sentences[at]?.start ?? 0) <= tailStart ? sentences[at] : sentences[0]
    if (!sentence) continue
    // The cue follows the quote within a source's reach.
    const tailEnd = Math.min(sentence.end, tailStart + SOURCE_REACH)
    const tail = text.slice(tailStart, tailEnd)
    const cues = findCues(text, { start: tailStart, end: tailEnd, paragraph }, pos)
    const cue = cues[0]
    if (!cue) continue
    const content = trimSpan(text, innerStart, innerEnd)
    if (cue.start === tailStart) {
      // "…," said Deputy Defense Minister Hanna Malyar, adding …
      const s = /^([^,.;]+?)\s*(?:[.,;]|$)/.exec(text.slice(cue.end, tailEnd).trimStart())
      if (!s?.[1]) continue
      const start = text.indexOf(s[1], cue.end)
      if (!isSourceAt(text, { start, end: start + s[1].length }, pos)) continue
      yield { source: { start, end: start + s[1].length }, cue, content, paragraph, sentence }
      continue
    }
    const before = text.slice(tailStart, cue.start)
    let phrase = before.trim()
    const appositive = /^([^,]+),\s+\p{Ll}[^,]*,?$/u.exec(phrase)
    if (appositive?.[1]) phrase = appositive[1]
    if (tail.indexOf(phrase) < 0) continue
    const start = tailStart + tail.indexOf(phrase)
    if (!isSourceAt(text, { start, end: start + phrase.length }, pos)) continue
    yield { source: { start, end: start + phrase.length }, cue, content, paragraph, sentence }
  }
}

function finish(
  text: string,
  d: Draft,
  resolver: SourceResolver,
  dateline: string | undefined,
): ExtractedAttribution {
  const span = (s: Span): TextSpan => ({
    start: s.start,
    end: s.end,
    text: text.slice(s.start, s.end),
  })
  const source = span(d.source)
  const cue = span(d.cue)
  const content = span(d.content)
  let stance = d.cue.stance
  if (stance === 'asserts' && !/^according to$/i.test(cue.text)) {
    if (HEDGE_UNLIKELY.test(content.text)) stance = 'assesses_unlikely'
    else if (HEDGE_LIKELY.test(content.text)) stance = 'assesses_likely'
  }
  // Conjoined sources resolve one by one; the attribution's id names them all.
  // An agentless cue ("it was reported", "reportedly") names no one: the desk fills it in.
  if (source.text === '')
    return {
      source,
      cue,
      content,
      stance,
      source_id: null,
      sourceName: null,
      sources: [],
      time: dateline ? statementTime(text, d, dateline) : undefined,
    }
  const parts = source.text
    .replace(/^(?:both|Both)\s+/, '')
    .split(/\s+and\s+/)
    .filter((p) => isSourcePhrase(p))
  const resolved = (parts.length > 1 ? parts : [source.text])
    .map((p) => resolver.resolve(p, d.paragraph))
    .filter((r) => r !== undefined)
  return {
    source,
    cue,
    content,
    stance,
    source_id: resolved.length > 0 ? resolved.map((r) => r.id).join('+') : null,
    sourceName: resolved.length > 0 ? resolved.map((r) => r.name).join(' and ') : null,
    sources: resolved.map((r) => ({ id: r.id, name: r.name, person: r.person })),
    time: dateline ? statementTime(text, d, dateline) : undefined,
  }
}

/** The time phrase nearest the cue and outside the content dates the statement; else the dateline. */
function statementTime(text: string, d: Draft, dateline: string): ExtractedAttribution['time'] {
  // Only phrases within 40 characters of the cue count; no time phrase is 80 characters long.
  const from = Math.max(d.sentence.start, d.cue.start - 120)
  const slice = text.slice(from, Math.min(d.sentence.end, d.cue.end + 120))
  TIME_PHRASE.lastIndex = 0
  let best: { start: number; end: number; distance: number } | undefined
  let m: RegExpExecArray | null
  while ((m = TIME_PHRASE.exec(slice)) !== null) {
    const start = from + m.index
    const end = start + m[0].length
    if (start < d.content.end && end > d.content.start) continue
    const distance = Math.min(Math.abs(start - d.cue.end), Math.abs(d.cue.start - end))
    if (distance > 40) continue
    if (!best || distance < best.distance) best = { start, end, distance }
  }
  if (best) {
    const resolved = resolveTime(text.slice(best.start, best.end), dateline)
    if (resolved)
      return {
        ...resolved,
        phrase: { start: best.start, end: best.end, text: text.slice(best.start, best.end) },
      }
  }
  return { date: dateline, from: dateline, phrase: undefined }
}
