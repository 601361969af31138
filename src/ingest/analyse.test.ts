import { describe, expect, it } from 'vitest'
import { analyseImport } from './analyse.js'
import type { PlaceIndex } from './entities/find-entities.js'
import { DEFAULT_MARKUP_LIMITS } from './markup-limits.js'

/** No gazetteer: loading the real one takes longer than a unit test may. */
const noPlaces = (): Promise<PlaceIndex> => Promise.resolve({ lookup: () => undefined })

const input = (text: string, origin = 'wire.txt') => ({
  text,
  origin,
  markup: DEFAULT_MARKUP_LIMITS,
  knownSources: [{ id: 'src-ministry', name: 'Defence Ministry', aliases: ['the ministry'] }],
})

describe(analyseImport.name, () => {
  it('gives drafts, attributions and claims as data that survives a copy to another thread', async () => {
    const sut = await analyseImport(
      input(
        'date 2031-03-04 The river rose overnight.\n\nBridge closed\n\nThe ministry said that the old bridge in Kyiv was closed.',
      ),
      noPlaces,
    )
    expect(sut.ok).toBe(true)
    if (!sut.ok) return
    expect(sut.format).toBe('text')
    expect(sut.drafts.map((d) => d.role)).toEqual(['lead', 'update'])
    expect(sut.attributions.length).toBeGreaterThan(0)
    expect(structuredClone(sut)).toEqual(sut)
  })

  it('refuses markup nested too deep as a result, not a throw', async () => {
    const sut = await analyseImport(input(`<main>${'<b>'.repeat(300)}</main>`, 'deep.html'), () =>
      Promise.reject(new Error('the gazetteer is not needed')),
    )
    expect(sut).toMatchObject({ ok: false, code: 'IMPORT_TOO_COMPLEX' })
  })

  it('says a text with nothing to place is empty', async () => {
    const sut = await analyseImport(input('<html><body></body></html>', 'empty.html'), noPlaces)
    expect(sut).toEqual({ ok: false, code: 'IMPORT_EMPTY' })
  })
})
