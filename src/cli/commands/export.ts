/** @module cli/commands/export — `sitrep export <slug>`: the story, every revision and event as JSON. */
import fs from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help || positionals.length !== 1) {
    console.log('Usage: sitrep export <slug> [--out <file>]   (JSON on stdout without --out)')
    return values.help ? 0 : 2
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const doc = await runtime.services.exports.exportStory(positionals[0] ?? '')
    const json = JSON.stringify(doc, null, 2) + '\n'
    if (values.out) {
      await fs.writeFile(values.out, json)
      console.error(
        `Exported "${doc.story.slug}": ${doc.updates.length} updates, ${doc.events.length} events → ${values.out}`,
      )
    } else {
      process.stdout.write(json)
    }
    return 0
  } finally {
    await runtime.close()
  }
}
