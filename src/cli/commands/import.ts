/** @module cli/commands/import — `sitrep import <file> --story <slug>`: restores a story from an export. */
import fs from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { story: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help || positionals.length !== 1) {
    console.log(
      'Usage: sitrep import <export.json> [--story <slug>]\n\nRestores a story written by "sitrep export", with its ids, revisions and event numbers.',
    )
    return values.help ? 0 : 2
  }
  const file = positionals[0] ?? ''
  let doc: unknown
  try {
    doc = JSON.parse(await fs.readFile(file, 'utf8'))
  } catch (error) {
    console.error(
      `sitrep: cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
    console.error(
      'Only Sitrep exports can be imported so far; plain-text and HTML coverage import is not built yet.',
    )
    return 1
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const result = await runtime.services.exports.importStory(doc, values.story)
    console.log(
      JSON.stringify({
        imported: {
          story: result.slug,
          updates: result.updates,
          events: result.events,
          claims: result.claims,
        },
        skipped: [],
      }),
    )
    return 0
  } finally {
    await runtime.close()
  }
}
