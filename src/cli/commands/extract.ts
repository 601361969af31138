/** @module cli/commands/extract — `sitrep extract <file…> --format jsonl`: attributions per file, one JSON line each. */
import fs from 'node:fs/promises'
import { parseArgs } from 'node:util'

const USAGE = `Usage: sitrep extract <file…> [--format jsonl]

Prints one JSON object per file: {"file", "text_length", "attributions": [{"source", "cue",
"content", "stance", "source_id"}]}. Offsets count UTF-16 code units into the file's text as
read (UTF-8, a byte-order mark included), as JavaScript strings index.`

export async function extractCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help || positionals.length === 0) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  if (values.format !== undefined && values.format !== 'jsonl') {
    console.error(`sitrep: --format must be jsonl, not "${values.format}"`)
    return 2
  }
  // The NLP rules load only for this command.
  const { extractAttributions } = await import('../../ingest/extract/extract-attributions.js')
  let failed = 0
  for (const file of positionals) {
    let text: string
    try {
      text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await fs.readFile(file))
    } catch (error) {
      console.error(
        `sitrep: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      )
      failed++
      continue
    }
    const attributions = extractAttributions(text).map((a) => ({
      source: a.source,
      cue: a.cue,
      content: a.content,
      stance: a.stance,
      source_id: a.source_id,
    }))
    process.stdout.write(`${JSON.stringify({ file, text_length: text.length, attributions })}\n`)
  }
  return failed > 0 ? 1 : 0
}
