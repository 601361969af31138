import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv.js'

describe(csvCell.name, () => {
  it('quotes every cell and doubles quotes inside', () => {
    expect(csvCell('He said "no", twice')).toBe('"He said ""no"", twice"')
    expect(csvCell(null)).toBe('""')
    expect(csvCell(3)).toBe('"3"')
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"')
  })

  it('defuses anything a spreadsheet would run as a formula', () => {
    for (const hostile of [
      '=1+1',
      '+1',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '=HYPERLINK("http://x")',
    ])
      expect(csvCell(hostile)).toMatch(/^"'/)
    expect(csvCell('Norland says =1')).toBe('"Norland says =1"')
  })
})

describe(toCsv.name, () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [['1', null]])).toBe('"a","b"\r\n"1",""\r\n')
  })
})
