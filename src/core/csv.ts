/** @module core/csv — CSV that spreadsheets open safely: quoted cells, no formulas from untrusted text. */

/**
 * One cell. A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return) gets a leading apostrophe, so a quote such as `=HYPERLINK(…)` stays text.
 * @example csvCell('=1+1') // '"\'=1+1"'
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

/** Rows to CSV text (RFC 4180, CRLF line ends, a header row first). */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
