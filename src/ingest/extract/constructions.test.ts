import { describe, expect, it } from 'vitest'
import { extractAttributions } from './extract-attributions.js'
import { verbForms } from './lexicon.js'

/** Source, cue, content and stance of each attribution, as text. */
const read = (text: string) =>
  extractAttributions(text).map((a) => [a.source.text, a.cue.text, a.content.text, a.stance])

describe('attribution constructions', () => {
  describe(verbForms.name, () => {
    it('writes every inflection of regular, doubling and irregular verbs', () => {
      expect(verbForms('warn admit deny tell:told')).toEqual([
        'warn',
        'warns',
        'warned',
        'warning',
        'admit',
        'admits',
        'admitted',
        'admitting',
        'deny',
        'denies',
        'denied',
        'denying',
        'tell',
        'tells',
        'told',
        'telling',
      ])
      expect(verbForms('call_for')).toContain('called for')
    })
  })

  it('reads reporting verbs in every inflection and the progressive', () => {
    expect(read('The harbour master explained that the crane had tipped over.')).toEqual([
      ['The harbour master', 'explained', 'the crane had tipped over', 'asserts'],
    ])
    expect(read('The mayor is telling residents the water is safe.')).toEqual([
      ['The mayor', 'is telling residents', 'the water is safe', 'asserts'],
    ])
    expect(read('She told reporters that the ferry would sail at noon.')).toEqual([
      ['She', 'told reporters', 'the ferry would sail at noon', 'asserts'],
    ])
  })

  it('reads an inverted cue with its source after it', () => {
    expect(read('The levee will hold, insisted Mayor Ivo Kranjc.')).toEqual([
      ['Mayor Ivo Kranjc', 'insisted', 'The levee will hold', 'asserts'],
    ])
  })

  it('gives ", saying" and "and said" the subject of their clause', () => {
    expect(
      read('The port authority issued a notice on Friday, saying the quay was closed.'),
    ).toEqual([['The port authority', 'saying', 'the quay was closed', 'asserts']])
    expect(read('The fire brigade arrived at dawn and said the blaze was out.')).toEqual([
      ['The fire brigade', 'said', 'the blaze was out', 'asserts'],
    ])
  })

  it('takes the noun a "who said" clause hangs on as the source', () => {
    expect(
      read('Local farmers, who said the water had ruined the harvest, asked for help.'),
    ).toEqual([['Local farmers', 'said', 'the water had ruined the harvest', 'asserts']])
  })

  it('reads belief with a content clause, and negated belief as unlikely', () => {
    expect(read('Engineers believe the dam will hold.')).toEqual([
      ['Engineers', 'believe', 'the dam will hold', 'assesses_likely'],
    ])
    expect(read("I don't think the road will open this week.")).toEqual([
      ['I', "don't think", 'the road will open this week', 'assesses_unlikely'],
    ])
    expect(read('Hydrologists fear that the river could rise again.')).toEqual([
      ['Hydrologists', 'fear', 'the river could rise again', 'cautions'],
    ])
  })

  it('reads no belief or intention without a content clause', () => {
    expect(read('Traders expect a rise in prices.')).toEqual([])
    expect(read('We think so.')).toEqual([])
    expect(read('The council plans to rebuild the bridge.')).toEqual([])
  })

  it('reads evidence from documents and surveys only before a "that" clause', () => {
    expect(read('A survey suggests that most residents want to stay.')).toEqual([
      ['A survey', 'suggests', 'most residents want to stay', 'asserts'],
    ])
    expect(read('The data show that the river peaked on Friday.')).toEqual([
      ['The data', 'show', 'the river peaked on Friday', 'asserts'],
    ])
    expect(read('The map shows the flooded streets.')).toEqual([])
  })

  it('reads verbs of judging and requesting with what they say', () => {
    expect(read('The ministry urged residents to leave their homes.')).toEqual([
      ['The ministry', 'urged', 'residents to leave their homes', 'asserts'],
    ])
    expect(read('Opposition leaders questioned whether the funds had been spent.')).toEqual([
      ['Opposition leaders', 'questioned', 'whether the funds had been spent', 'asserts'],
    ])
  })

  it('reads "according to" at the start, the end, in the middle and in capitals', () => {
    expect(read('The ferry, according to the operator, will not sail today.')).toEqual([
      [
        'the operator',
        'according to',
        'The ferry, according to the operator, will not sail today',
        'asserts',
      ],
    ])
    expect(read('ACCORDING TO POLICE, the road is shut.')).toEqual([
      ['POLICE', 'ACCORDING TO', 'the road is shut', 'asserts'],
    ])
  })

  it('reads a "Source: content" headline, but not a title or a caption', () => {
    expect(
      read('Mayor Kranjc: levees will hold through the weekend\nThe river rose again.'),
    ).toEqual([['Mayor Kranjc', ':', 'levees will hold through the weekend', 'asserts']])
    expect(read('Flood latest: levees hold\nThe river rose again.')).toEqual([])
    expect(read('Quiet Waters: A History of the Harbour Trust\nThe river rose.')).toEqual([])
  })

  it('reads a nominal cue whose owner is the source', () => {
    expect(read("Police dismissed Vosh's claim that the border had been closed.")).toContainEqual([
      'Vosh',
      'claim',
      'the border had been closed',
      'asserts',
    ])
  })

  it('reads agentless cues with no source', () => {
    const [reported] = extractAttributions('It was reported that the bridge had collapsed.')
    expect(reported).toMatchObject({
      source: { text: '' },
      cue: { text: 'was reported' },
      content: { text: 'the bridge had collapsed' },
      source_id: null,
    })
    expect(read('The old bridge has reportedly collapsed.')).toEqual([
      ['', 'reportedly', 'The old bridge has reportedly collapsed', 'asserts'],
    ])
  })

  it('never reads a cue inside an open quotation, a noun as a verb, or a plain object as said', () => {
    expect(read('"We believe the dam will hold,')).toEqual([])
    expect(read('The statement was short. Their fears grew overnight.')).toEqual([])
    expect(read('The composer wrote a symphony in Vienna.')).toEqual([])
    expect(read('The report found the old pumps.')).toEqual([])
  })
})
