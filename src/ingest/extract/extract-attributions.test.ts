import fs from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Place, PlaceIndex } from '../entities/find-entities.js'
import { resolveTime } from './dateline.js'
import { extractAttributions } from './extract-attributions.js'
import { parseGold } from './gold.js'
import { normaliseName } from './sources.js'
import { suggestClaims } from './suggest-claims.js'

const one = (text: string) => {
  const found = extractAttributions(text)
  return found.map((a) => ({
    source: a.source.text,
    cue: a.cue.text,
    content: a.content.text,
    stance: a.stance,
    id: a.source_id,
  }))
}

describe(extractAttributions.name, () => {
  it('reads source, cue, content and stance with offsets into the text', () => {
    const text = "Croatia's Interior Ministry said on Sunday that 600 people had left their homes."
    const [a] = extractAttributions(text)
    expect(a).toMatchObject({
      source: { start: 0, end: 27, text: "Croatia's Interior Ministry" },
      cue: { text: 'said' },
      content: { text: '600 people had left their homes' },
      stance: 'asserts',
      source_id: 'croatian-interior-ministry',
    })
    expect(text.slice(a!.content.start, a!.content.end)).toBe(a!.content.text)
  })

  it('takes the content before the source when a dash or a contrast follows the cue', () => {
    expect(
      one(
        'Floodwater broke through the embankment overnight, the interior ministry said — although the water authority has not confirmed a breach.',
      ).map((a) => [a.source, a.content, a.stance]),
    ).toEqual([
      ['the interior ministry', 'Floodwater broke through the embankment overnight', 'asserts'],
      ['the water authority', 'a breach', 'declines_to_confirm'],
    ])
    expect(
      one('A fire broke out in the port, the harbour master said, but gave no cause.'),
    ).toEqual([
      expect.objectContaining({
        source: 'the harbour master',
        content: 'A fire broke out in the port',
      }),
    ])
  })

  it('tells the stances apart', () => {
    expect(one('The operator denied that the spillway had failed.')[0]?.stance).toBe('denies')
    expect(one('Orvena has not yet confirmed that the pass has fallen.')[0]?.stance).toBe(
      'declines_to_confirm',
    )
    expect(one('The police declined to confirm the rescuers wore life jackets.')[0]?.stance).toBe(
      'declines_to_confirm',
    )
    expect(one('The think tank said the troops had likely reached the pass.')[0]?.stance).toBe(
      'assesses_likely',
    )
    expect(one('River pilots said it was unlikely the port would reopen.')[0]?.stance).toBe(
      'assesses_unlikely',
    )
    expect(one('The Kremlin urged caution and said fighting was still going on.')[0]?.stance).toBe(
      'cautions',
    )
    expect(one('The newspaper retracted its report that sailors were ill.')[0]?.stance).toBe(
      'retracts',
    )
  })

  it('keeps a title before a name and finds the source after a quote that spans sentences', () => {
    expect(
      one('"The water is falling. We are cautiously hopeful," said Deputy Mayor Ivo Kranjc.'),
    ).toEqual([
      {
        source: 'Deputy Mayor Ivo Kranjc',
        cue: 'said',
        content: 'The water is falling. We are cautiously hopeful',
        stance: 'asserts',
        id: 'ivo-kranjc',
      },
    ])
  })

  it('reads "according to", content first, passives and the nested attribution', () => {
    expect(
      one('The river will crest on Tuesday, according to the weather service.')[0],
    ).toMatchObject({
      source: 'the weather service',
      cue: 'according to',
      content: 'The river will crest on Tuesday',
    })
    expect(one('Two rescuers were missing, Hungarian police said.')[0]).toMatchObject({
      source: 'Hungarian police',
      content: 'Two rescuers were missing',
    })
    expect(
      one('It was confirmed by the port authority that all terminals were open.')[0],
    ).toMatchObject({
      source: 'the port authority',
      content: 'all terminals were open',
    })
    const nested = one('The ministry said the mayor had told reporters the levee held.')
    expect(nested.map((a) => a.source)).toEqual(['The ministry', 'the mayor'])
    expect(nested[1]?.content).toBe('the levee held')
  })

  it('prefers silence to a guess: no source, negated speech, headlines and noun uses yield nothing', () => {
    expect(one('Fighting was reported along the border.')).toEqual([])
    expect(one('The ministry did not say when the road would reopen.')).toEqual([])
    expect(one('Serbia says bridges remain open')).toEqual([])
    expect(one('Seven people had been admitted to hospital overnight.')).toEqual([])
  })

  it('drops what wink-nlp reads as no statement: a noun subject, a source or content without one', () => {
    // The rules alone took "Early" and "Police" as sources of the cues "estimates" and "reports".
    expect(one('Early estimates put the toll at 12.')).toEqual([])
    expect(one('Police reports describe a chaotic night.')).toEqual([])
    expect(one('Nobody said the bridge was safe.')).toEqual([])
    expect(one('The army said nothing.')).toEqual([])
    expect(one('Nothing was confirmed by the ministry.')).toEqual([])
    // A noun tag alone is no veto: the model tags this "reports" as a noun too.
    expect(one('The ministry reports that 12 people died.')).toEqual([
      expect.objectContaining({ source: 'The ministry', cue: 'reports' }),
    ])
  })

  it('takes a role before a name as a source when wink-nlp tags the role as a noun', () => {
    expect(one('"The water came at night," fisherman Jon Dale said.')).toEqual([
      expect.objectContaining({ source: 'fisherman Jon Dale', content: 'The water came at night' }),
    ])
    expect(one('"The water came at night," yesterday Jon Dale said.')).toEqual([])
  })

  it('keeps a clause with a verb out of a source widened over an appositive', () => {
    // The rules alone read "The Danube fell … on Friday" as the name the appositive describes.
    expect(
      one(
        'The Danube fell below the emergency level on Friday, the hydrological service said, and the government announced the emergency would end.',
      ).map((a) => [a.source, a.content]),
    ).toEqual([
      ['the hydrological service', 'The Danube fell below the emergency level on Friday'],
      ['the government', 'the emergency would end'],
    ])
    // "US-based" is tagged as a verb, but joined by a hyphen it stays part of the name.
    expect(
      one(
        'The US-based Institute for the Study of War, a military observation group, said the town had likely fallen.',
      )[0]?.source,
    ).toBe('The US-based Institute for the Study of War')
  })

  it('gives offsets into the text as read, byte-order mark, accents and emoji included', () => {
    const text = '\uFEFFZoë Ångström, the café’s owner, said “the water 🌊 is rising.”'
    const [a] = extractAttributions(text)
    expect(a?.source).toEqual({ start: 1, end: 13, text: 'Zoë Ångström' })
    expect(a?.content.text).toBe('the water 🌊 is rising')
    for (const span of [a!.source, a!.cue, a!.content])
      expect(text.slice(span.start, span.end)).toBe(span.text)
    expect(a?.content.start).toBe(text.indexOf('the water'))
  })

  it('resolves "the ministry", "it", "he" and a bare surname to the source named before', () => {
    const found = extractAttributions(
      "Russia's Defense Ministry said the town had fallen. The ministry said its units held the road. " +
        'It added that more troops were coming.\n\nForeign Ministry official Aleksey Polishchuk said the drills were defensive. ' +
        'He said Belarus would respond. "We are ready," Polishchuk told reporters.',
    )
    expect(found.map((a) => a.source_id)).toEqual([
      'russian-defense-ministry',
      'russian-defense-ministry',
      'russian-defense-ministry',
      'aleksey-polishchuk',
      'aleksey-polishchuk',
      'aleksey-polishchuk',
    ])
  })

  it('dates each statement against the dateline', () => {
    const found = extractAttributions(
      ' date 2023-01-13 The ministry said on Friday that its forces took the town on Thursday. ' +
        'The group announced earlier this week that it controlled the mine. Officials said overnight that shelling continued.',
    )
    expect(found.map((a) => a.time && [a.time.from, a.time.date])).toEqual([
      ['2023-01-13', '2023-01-13'],
      ['2023-01-09', '2023-01-12'],
      ['2023-01-12', '2023-01-13'],
    ])
  })

  it('never throws and keeps every span inside the text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'The ministry said',
              ' that ',
              '"',
              ', according to ',
              'He has not confirmed',
              '. ',
              '\n\n',
              ' date 2031-01-01 ',
            ),
            fc.string({ maxLength: 30 }),
          ),
          { maxLength: 20 },
        ),
        (parts) => {
          const text = parts.join('')
          for (const a of extractAttributions(text)) {
            for (const span of [a.source, a.cue, a.content]) {
              expect(span.start).toBeGreaterThanOrEqual(0)
              expect(span.end).toBeLessThanOrEqual(text.length)
              expect(text.slice(span.start, span.end)).toBe(span.text)
            }
          }
        },
      ),
    )
  })

  it('finds the development set’s attributions with precision above 0.9 (see bench:extract for all figures)', () => {
    const dir = new URL('../../../test/fixtures/extract/', import.meta.url)
    let gold = 0
    let predicted = 0
    let matched = 0
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ann.txt'))) {
      const doc = parseGold(fs.readFileSync(new URL(file, dir), 'utf8'))
      const found = extractAttributions(doc.text)
      gold += doc.attributions.length
      predicted += found.length
      matched += found.filter((p) =>
        doc.attributions.some((g) => g.cue.start < p.cue.end && p.cue.start < g.cue.end),
      ).length
    }
    expect(gold).toBeGreaterThanOrEqual(150)
    expect(matched / predicted).toBeGreaterThan(0.9)
    expect(matched / gold).toBeGreaterThan(0.8)
  })
})

describe(resolveTime.name, () => {
  it('reads weekdays, overnight, earlier this week, last week and month dates', () => {
    expect(resolveTime('on Thursday', '2023-01-13')).toEqual({
      from: '2023-01-12',
      date: '2023-01-12',
    })
    expect(resolveTime('on Friday', '2023-01-13')).toEqual({
      from: '2023-01-13',
      date: '2023-01-13',
    })
    expect(resolveTime('overnight', '2023-01-13')).toEqual({
      from: '2023-01-12',
      date: '2023-01-13',
    })
    expect(resolveTime('earlier this week', '2023-01-13')).toEqual({
      from: '2023-01-09',
      date: '2023-01-12',
    })
    expect(resolveTime('last week', '2023-01-13')).toEqual({
      from: '2023-01-02',
      date: '2023-01-08',
    })
    expect(resolveTime('December 30', '2023-01-13')).toEqual({
      from: '2022-12-30',
      date: '2022-12-30',
    })
    expect(resolveTime('on Thursday', 'not a date')).toBeUndefined()
  })
})

describe(normaliseName.name, () => {
  it('reads a country possessive as its adjective and drops determiners', () => {
    expect(normaliseName("Russia's Defence Ministry")).toBe(
      normaliseName('the Russian Defense Ministry'),
    )
    expect(normaliseName('Serbia’s Ministry of Agriculture')).toBe('serbian agriculture ministry')
    expect(normaliseName('Germany')).toBe('germany')
  })
})

describe(suggestClaims.name, () => {
  const place = (name: string): Place => ({
    id: `city-${name}`,
    name,
    country: 'XX',
    lat: 0,
    lon: 0,
    population: 5000,
    kind: 'city',
  })
  const index: PlaceIndex = {
    lookup: (name) => (['Lutsa', 'Brennik'].includes(name) ? place(name) : undefined),
  }

  it('groups statements about one event and place, with each source’s stance', () => {
    const text =
      ' date 2031-06-10 Fighting went on near Lutsa. The Iron Hand said on Monday its fighters had captured Lutsa. ' +
      'Kelmar has not confirmed that the village has fallen. Both the Kelmari army and the Kelmari government urged caution and said fighting in Lutsa was still going on. ' +
      'A think tank said the group had likely taken control of Lutsa on Sunday. Doctors in Brennik said they had treated 300 wounded.'
    const claims = suggestClaims(text, extractAttributions(text), index)
    const capture = claims.find((c) => c.key === 'captured:city-Lutsa')
    expect(capture?.statements.map((s) => [s.sourceName, s.stance])).toEqual([
      ['Iron Hand', 'asserts'],
      ['Kelmar', 'declines_to_confirm'],
      ['Kelmari Army', 'cautions'],
      ['Kelmari Government', 'cautions'],
      ['Think Tank', 'assesses_likely'],
    ])
    expect(capture?.statements[0]?.time?.date).toBe('2031-06-09')
    expect(
      claims.some((c) => c.statements.some((s) => s.sourceName === 'Doctors in Brennik')),
    ).toBe(true)
    expect(claims.find((c) => c.proposition.includes('300 wounded'))?.statements).toHaveLength(1)
  })
})
