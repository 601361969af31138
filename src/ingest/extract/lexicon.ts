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
  "(?:reporters|journalists|lawmakers|parliament|the press|the media|(?:state|local|national|public)\\s+(?:radio|television|TV|media|broadcaster)|(?:a|the)\\s+(?:news conference|press conference|briefing|meeting|rally|summit|hearing|court|jury|judge|tribunal|inquiry|panel|crowd|audience|assembly|senate|congress|commission|conference|delegates|members|supporters|workers|staff)|us|me|them|him|her|residents|viewers|listeners|(?:the\\s+|an?\\s+)?(?:[A-Z][\\w.'’-]*\\s+){0,4}(?:news agency|agency|newspaper|broadcaster|television|radio|channel|daily|website|magazine|reporters|journalists|parliament|committee|lawmakers|council)|(?:the\\s+)?[A-Z][\\w.'’-]*(?:\\s+[A-Z][\\w.'’-]*){0,3})"

/** What a cue verb is: its stance, and how negation or an infinitive changes it. */
export type CueKind = Stance | 'confirm' | 'claim' | 'according'

interface CueRule {
  pattern: string
  kind: CueKind
  /**
   * What must follow the cue for it to attribute anything: `clause` a content clause ("that…",
   * a question word, a quotation, or words with a subject and a verb), `that` a clause opened by
   * "that". Verbs that often take a plain object ("shows the map", "expects a rise") need one.
   */
  needs?: 'clause' | 'that'
  /** Negated ("don't think"), the cue still attributes, with this stance. */
  negated?: Stance
}

/**
 * Every written form of a verb: base, third person, past (and participle) and -ing. Irregular
 * verbs give their forms after the base: `think:thought`.
 */
export function verbForms(entries: string): string[] {
  const out: string[] = []
  for (const entry of entries.split(/\s+/).filter(Boolean)) {
    const [base = '', ...irregular] = entry.split(':')
    const words = base.split('_')
    const verb = words[0] ?? ''
    const rest = words
      .slice(1)
      .map((w) => ` ${w}`)
      .join('')
    const stem = verb.endsWith('e') && !verb.endsWith('ee') ? verb.slice(0, -1) : verb
    const doubled =
      /^(?:admit|commit|submit|omit|regret|refer|prefer|confer|plan|beg|permit|remit|compel|rebut|transmit)$/.test(
        verb,
      )
    const third = /(?:s|sh|ch|x|z)$/.test(verb)
      ? `${verb}es`
      : /[^aeiou]y$/.test(verb)
        ? `${verb.slice(0, -1)}ies`
        : `${verb}s`
    const past =
      irregular.length > 0
        ? irregular
        : [
            /[^aeiou]y$/.test(verb)
              ? `${verb.slice(0, -1)}ied`
              : doubled
                ? `${verb}${verb.at(-1)}ed`
                : verb.endsWith('e')
                  ? `${verb}d`
                  : `${verb}ed`,
          ]
    const ing = doubled
      ? `${verb}${verb.at(-1)}ing`
      : /ie$/.test(verb)
        ? `${verb.slice(0, -2)}ying`
        : `${stem}ing`
    for (const form of [verb, third, ...past, ing]) out.push(`${form}${rest}`)
  }
  return [...new Set(out)]
}

const alternation = (forms: string[]): string =>
  [...forms]
    .sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/ /g, '\\s+'))
    .join('|')

/*
 * Verb classes, from Levin (1993) "English Verb Classes and Alternations" and VerbNet 3.x, cut to
 * the members that take a reported proposition. Each list names its classes.
 */

/** Say 37.7, Tell 37.2, Manner of speaking 37.3 (the reporting ones), Complain 37.8, Promise 13.3 with a clause, Reflexive appearance of speech acts (VerbNet "reveal" 48.1.2 / "indicate" 78). */
export const SAY_VERBS =
  verbForms(`announce:announced assert affirm admit:admitted acknowledge advise
answer argue boast complain concede confess confide contend convey declare disclose emphasize emphasise
explain hint insist maintain mention note observe point_out promise propose recall recount remark reply
report respond reveal say:said state stress testify testified warn write:wrote:written add claim
inform assure remind caution allege reiterate repeat predict forecast:forecast estimate
speculate submit suggest tell:told tweet announce comment confirm deny exclaim shout
whisper murmur mutter`)

/** Conjecture 29.5 and Consider 29.9 (belief), Long 32.2 and Admire 31.2 (hope, fear), Hypothesize. */
export const BELIEF_VERBS =
  verbForms(`think:thought believe suppose suspect assume presume guess reckon
imagine feel:felt hypothesize hypothesise posit conjecture surmise deem figure expect anticipate`)
export const FEAR_VERBS = verbForms(`fear worry`)
export const HOPE_VERBS = verbForms(`hope`)

/** Learn 14 / Discover 84 and Knowledge (VerbNet "know" 29.5.1): knowing and finding out that. */
export const KNOW_VERBS = verbForms(`know:knew:known realize realise recognize recognise
understand:understood remember`)
/** Discover 84 / Learn 14, and Perception 30.1 with a clause ("heard that"): opened by "that". */
export const FIND_VERBS = verbForms(`learn:learned:learnt discover conclude find:found notice
determine establish hear:heard`)

/** Evidence: Indicate 78, Demonstrate 78-1, Show 48.1.2, with studies, data and documents as sources. */
export const EVIDENCE_VERBS = verbForms(`show:showed:shown suggest indicate demonstrate prove reveal
confirm imply mean:meant`)

/** Judgement 33 (praise, accuse, criticise…), Advise 37.9 and Order 60 (urge, ask, demand), Inquire 37.1.2. */
export const JUDGE_VERBS =
  verbForms(`accuse blame criticize criticise condemn praise applaud commend
denounce fault thank`)
export const REQUEST_VERBS =
  verbForms(`urge:urged ask request demand appeal_for appeal_to call_for call_on
implore beg:begged recommend instruct plead`)
export const QUESTION_VERBS = verbForms(`wonder question inquire enquire query`)

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
  { pattern: `(?:told|tells|tell|telling)\\s+${TOLD_OBJECT}`, kind: 'asserts' },
  { pattern: 'claimed|claims|claim|claiming', kind: 'claim' },
  { pattern: '[Aa]ccording to|ACCORDING TO|[Ii]n the words of', kind: 'according' },
  {
    pattern:
      'said|says|say|saying|added|adds|adding|stated|states|announced|announces|announcing|reported|reports|insisted|insists|alleged|alleges|maintained|maintains|acknowledged|acknowledges',
    kind: 'asserts',
  },
  // These also take a plain object ("wrote a symphony", "noted the date"): only a clause is said.
  {
    pattern:
      'wrote|writes|declared|declares|noted|notes|stressed|stresses|explained|explains|argued|argues',
    kind: 'asserts',
    needs: 'clause',
  },
  // The classes below take a content clause; a plain object is no statement.
  { pattern: alternation(FEAR_VERBS), kind: 'cautions', needs: 'clause' },
  {
    pattern: alternation(BELIEF_VERBS),
    kind: 'assesses_likely',
    needs: 'clause',
    negated: 'assesses_unlikely',
  },
  { pattern: alternation(HOPE_VERBS), kind: 'asserts', needs: 'clause' },
  { pattern: alternation(SAY_VERBS), kind: 'asserts', needs: 'clause' },
  { pattern: alternation(KNOW_VERBS), kind: 'asserts', needs: 'clause' },
  { pattern: alternation(FIND_VERBS), kind: 'asserts', needs: 'that' },
  { pattern: alternation(EVIDENCE_VERBS), kind: 'asserts', needs: 'that' },
  { pattern: alternation(JUDGE_VERBS), kind: 'asserts', needs: 'clause' },
  { pattern: alternation(REQUEST_VERBS), kind: 'asserts', needs: 'clause' },
  { pattern: alternation(QUESTION_VERBS), kind: 'asserts', needs: 'clause' },
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
harbormaster coastguard firefighters paramedics brigade email e-mail letter letters memo message
notice document documents filing filings website ruling verdict poll polls census paper papers article
studies research evidence findings records`.split(/\s+/),
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
  /^(?:(?:But|And|However|Meanwhile|Separately|Earlier|Later|Also|Still|Yet|Now|Instead|In addition|In response|Overnight|Today|Yesterday|Earlier this week|Last week|On (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\w+ \d{1,2})|In an? [\w\s'’-]{1,60}?|Speaking [\w\s'’-]{1,60}?|After [\w\s'’-]{1,60}?|First of all|So|Thus|Therefore|Further|Furthermore|Moreover|Then|Well|Indeed|Nonetheless|Nevertheless|Of course|Uh|Um|uh|um)\s*,?\s+)+/

/** Adverbials that may sit between a cue and its content: "said on Friday that…". */
export const CUE_ADVERBIAL =
  /^(?:\s*,?\s*(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|arrival|\w+ \d{1,2})|in (?:a|an|its|his|her|their) (?:daily |weekly |annual |written |televised |brief )?(?:statement|post|video|speech|briefing|report|note|tweet|letter|interview|analytical note|update|email|address|news conference)(?: (?:on|to|with) (?:Telegram|state media|state television|reporters|journalists|[A-Z][\w-]+))?|earlier(?: this week| on \w+| today)?|later|overnight|this week|last week|today|yesterday|late on \w+|early on \w+|again|also|publicly|in [A-Z][\w'’-]+)\s*,?)+/
