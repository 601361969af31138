/** @module ingest/extract/lexicon — our own word lists for reporting cues, stances, titles and source heads. */
import type { Stance } from './attribution.js'

/**
 * Auxiliaries, negation and adverbs left of a cue verb ("has not yet confirmed"); matched
 * backwards from the verb so the verb scan stays one pass.
 */
export const AUX_BEFORE =
  /(?:(?<![\p{L}'’])(?:has|have|had|is|are|was|were|will|would|could|can|did|does|do|may|might)(?:n't)?\s+(?:(?:not|also|now|yet|already|previously|since|repeatedly|again|still|earlier|reportedly|publicly|officially|never|independently|immediately)\s+){0,3})?(?:(?<![\p{L}'’])(?:also|now|later|earlier|again|repeatedly|previously|reportedly|publicly|officially|then|first|yet)\s+){0,2}$/u

/** Who a source "told": reporters, parliament, a named outlet. */
const TOLD_OBJECT =
  "(?:reporters|journalists|lawmakers|parliament|the press|the media|(?:state|local|national|public)\\s+(?:radio|television|TV|media|broadcaster)|(?:a|the)\\s+(?:news conference|press conference|briefing|meeting|rally|summit|hearing)|us|me|them|him|her|residents|viewers|listeners|(?:the\\s+|an?\\s+)?(?:[A-Z][\\w.'’-]*\\s+){0,4}(?:news agency|agency|newspaper|broadcaster|television|radio|channel|daily|website|magazine|reporters|journalists|parliament|committee|lawmakers|council)|(?:the\\s+)?[A-Z][\\w.'’-]*(?:\\s+[A-Z][\\w.'’-]*){0,3})"

/** What a cue verb is: its stance, and how negation or an infinitive changes it. */
export type CueKind = Stance | 'confirm' | 'claim' | 'according'

interface CueRule {
  pattern: string
  kind: CueKind
}

/**
 * Cue verbs, most specific first (the first alternative that matches wins). `confirm` becomes
 * declines_to_confirm when negated and asserts otherwise; hedges in the content ("likely",
 * "unlikely") refine a neutral `asserts` later.
 */
export const CUE_RULES: CueRule[] = [
  {
    pattern:
      // "Withdrew its troops" is no retraction: withdrawing needs a statement as its object.
      '(?:withdr[ae]w|withdrawn|retracted|retracts|walked back|walks back|backtracked on)\\s+(?:its|his|her|their|the|an)\\s+(?:earlier\\s+|previous\\s+|initial\\s+)?(?:claim|statement|report|assertion|announcement)s?|retracted|retracts',
    kind: 'retracts',
  },
  {
    pattern:
      '(?:declined|refused|declines|refuses)\\s+to\\s+(?:confirm|comment(?:\\s+on)?|say)|yet\\s+to\\s+(?:confirm|comment(?:\\s+on)?)',
    kind: 'declines_to_confirm',
  },
  { pattern: 'confirm(?:ed|s)?|comment(?:ed|s)?(?:\\s+on)?|verif(?:y|ied)', kind: 'confirm' },
  {
    pattern: 'denied|denies|deny|rejected|rejects|dismissed|dismisses|refuted|refutes',
    kind: 'denies',
  },
  {
    pattern:
      "(?:urged|urges)\\s+(?:caution|restraint|calm|patience)(?:\\s+and\\s+said)?|(?:urged|urges)\\s+(?:[\\w'’-]+\\s+){1,4}?and\\s+said|(?:cautioned|cautions|warned|warns)(?:\\s+against)?",
    kind: 'cautions',
  },
  {
    pattern:
      '(?:said|says|say)\\s+(?:it|he|she|they)\\s+(?:was|is|were|are)\\s+unlikely|doubted|doubts|cast doubt on|casts doubt on',
    kind: 'assesses_unlikely',
  },
  {
    pattern:
      '(?:said|says|say)\\s+(?:it|he|she|they)\\s+(?:believed|believes|believe|assessed|assesses|thought|thinks)|assessed|assesses|believes|believed|believe|estimated|estimates',
    kind: 'assesses_likely',
  },
  { pattern: `(?:told|tells|tell)\\s+${TOLD_OBJECT}`, kind: 'asserts' },
  { pattern: 'claimed|claims|claim', kind: 'claim' },
  { pattern: 'according to', kind: 'according' },
  {
    pattern:
      'said|says|say|saying|added|adds|adding|stated|states|announced|announces|announcing|reported|reports|insisted|insists|wrote|writes|declared|declares|noted|notes|stressed|stresses|explained|explains|argued|argues|alleged|alleges|maintained|maintains|acknowledged|acknowledges',
    kind: 'asserts',
  },
]

/** Head nouns that make a lower-case noun phrase a plausible source. */
export const SOURCE_HEADS = new Set(
  `ministry ministries spokesperson spokesman spokeswoman spokespeople official officials authority authorities
agency agencies government governments army armies police military forces command office service services
doctors doctor nurses residents farmers witnesses analysts analyst experts expert observers observer company
companies operator operators institute group groups source sources diplomat diplomats delegation delegations
mayor president minister ministers pilots representative representatives director chief head commander
commanders officer officers media radio television broadcaster broadcasters agency newspaper report reports
statement statements people villagers workers union unions scientists researchers investigators prosecutors
prosecutor court judge negotiator negotiators envoy mission monitors monitor team teams administration
governor council councils parliament lawmakers senator senators activist activists campaigners volunteers
rescuers survivors relatives families organisation organization organisations organizations alliance bloc
ngo charity hospital hospitals officials measurements data figures survey study analysis assessment
institute think-tank staff crew crews sailors soldiers troops fighters rebels militants leaders leader
chairman chairwoman secretary ambassador consul aide aides adviser advisers advisor advisors insiders
engineers inspectors regulator regulators watchdog board tank tanks master masters harbourmaster
harbormaster coastguard firefighters paramedics`.split(/\s+/),
)

/** Titles that come before a name: "Deputy Defense Minister Hanna Malyar". */
export const TITLE_WORDS = new Set(
  `president prime minister deputy foreign defense defence interior transport health chief secretary general
spokesperson spokesman spokeswoman mayor governor colonel col. general gen. lieutenant lt. captain capt.
major sergeant sgt. admiral commander dr. dr professor prof. mr. mrs. ms. mr mrs ms sir lord lady senator
ambassador envoy director chairman chairwoman speaker judge king queen prince pope bishop representative
official union army police armed forces un`.split(/\s+/),
)

/** Words that make a capitalised name an organisation rather than a person. */
export const ORGANISATION_WORDS = new Set(
  `ministry institute agency government army police office service council committee union group company
operator authority authorities mission organisation organization alliance bank court parliament kremlin
nato un eu red cross programme program commission front hand lines watch media radio television broadcaster
news press times post herald tribune corporation corp inc ltd association federation league party forces
command navy guard department bureau centre center foundation fund university hospital school
force technologies duma institute kremlin press agency`.split(/\s+/),
)

/** Personal pronouns and what they may refer to. */
export const PERSON_PRONOUNS = new Set(['he', 'she'])
export const ORGANISATION_PRONOUNS = new Set(['it'])

/** Sentence openers that are not part of a source: "On Thursday, Finland's president said…". */
export const INTRO_PATTERN =
  /^(?:(?:But|And|However|Meanwhile|Separately|Earlier|Later|Also|Still|Yet|Now|Instead|In addition|In response|Overnight|Today|Yesterday|Earlier this week|Last week|On (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\w+ \d{1,2})|In an? [\w\s'’-]{1,60}?|Speaking [\w\s'’-]{1,60}?|After [\w\s'’-]{1,60}?)\s*,?\s+)+/

/** Adverbials that may sit between a cue and its content: "said on Friday that…". */
export const CUE_ADVERBIAL =
  /^(?:\s*,?\s*(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|arrival|\w+ \d{1,2})|in (?:a|an|its|his|her|their) (?:daily |weekly |annual |written |televised |brief )?(?:statement|post|video|speech|briefing|report|note|tweet|letter|interview|analytical note|update|email|address|news conference)(?: (?:on|to|with) (?:Telegram|state media|state television|reporters|journalists|[A-Z][\w-]+))?|earlier(?: this week| on \w+| today)?|later|overnight|this week|last week|today|yesterday|late on \w+|early on \w+|again|also|publicly|in [A-Z][\w'’-]+)\s*,?)+/
