/** @module cli/commands/import — `sitrep import <file|dir> --story <slug>`: restores an export, or imports text as drafts. */
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot, type Runtime } from '../../boot.js'
import { loadConfig } from '../../config.js'
import type { Actor } from '../../core/role.js'
import type { ImportFormat } from '../../ingest/imported-document.js'
import { cliContext } from '../../services/action.js'
import type { ImportReport } from '../../services/import.service.js'

const USAGE = `Usage: sitrep import <file|dir> --story <slug> [--format text|markdown|html] [--author <name>]
       sitrep import <export.json> [--story <slug>]

Text, Markdown and HTML files (a folder is read recursively) become draft updates of the story:
a lead, one draft per headline, teasers as related links and captions as media. Text imported
before into the same story makes nothing new. A Sitrep export (JSON) is restored instead, with
its ids, revisions and event numbers. Prints {"imported", "skipped"} as JSON.`

const TEXT_FILE = /\.(txt|text|md|markdown|html?|xhtml)$/i
const FORMATS = new Set(['text', 'markdown', 'html'])
const utf8 = new TextDecoder('utf-8', { fatal: true })

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      story: { type: 'string' },
      format: { type: 'string' },
      author: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || positionals.length !== 1) {
    console.log(USAGE)
    return values.help ? 0 : 2
  }
  if (values.format !== undefined && !FORMATS.has(values.format)) {
    console.error(`sitrep: --format must be text, markdown or html, not "${values.format}"`)
    return 2
  }
  const target = positionals[0] ?? ''
  const stat = await fs.stat(target).catch(() => undefined)
  if (!stat) {
    console.error(`sitrep: no such file or folder: ${target}`)
    return 1
  }
  const files = stat.isDirectory() ? await textFilesUnder(target) : [target]

  // A single JSON file that parses is a Sitrep export: restore it as before.
  if (!stat.isDirectory() && !values.format) {
    const exported = await readExport(target)
    if (exported !== undefined) return restoreExport(exported, values.story)
  }
  if (!values.story) {
    console.error('sitrep: --story <slug> is required to import text')
    return 2
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const report = await importFiles(runtime, files, {
      slug: values.story,
      format: values.format as ImportFormat | undefined,
      actor: { name: values.author ?? 'sitrep import', role: 'editor' },
    })
    console.log(JSON.stringify(report))
    const drafts = report.imported.reduce((n, f) => n + f.drafts.length, 0)
    const claims = report.imported.reduce((n, f) => n + f.suggested_claims.length, 0)
    // The report is for machines (stdout); people get one line on stderr saying where to look.
    console.error(
      `${drafts} draft${drafts === 1 ? '' : 's'} and ${claims} suggested claim${claims === 1 ? '' : 's'} wait in the desk inbox: /desk/stories/${encodeURIComponent(values.story)}/inbox`,
    )
    return report.skipped.some((s) => s.code !== 'IMPORT_DUPLICATE') ? 1 : 0
  } finally {
    await runtime.close()
  }
}

/** Imports each file in turn; one bad file is reported and the others still go in. */
async function importFiles(
  runtime: Runtime,
  files: string[],
  options: { slug: string; format: ImportFormat | undefined; actor: Actor },
): Promise<ImportReport> {
  const report: ImportReport = { imported: [], skipped: [] }
  const progress = files.length > 1 ? progressBar(files.length) : undefined
  // One command, one request id: each file is its own action, found together in the audit log.
  const ctx = cliContext(options.actor)
  for (const [i, file] of files.entries()) {
    progress?.(i, file)
    let text: string
    try {
      text = utf8.decode(await fs.readFile(file))
    } catch (error) {
      report.skipped.push({
        file,
        code: 'IMPORT_UNREADABLE',
        message: error instanceof TypeError ? 'The file is not valid UTF-8' : String(error),
      })
      continue
    }
    const one = await runtime.services.imports.importText(ctx, options.slug, {
      text,
      origin: file,
      format: options.format,
    })
    report.imported.push(...one.imported)
    report.skipped.push(...one.skipped)
  }
  progress?.(files.length, '')
  return report
}

async function textFilesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && TEXT_FILE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
}

async function readExport(file: string): Promise<unknown> {
  if (!/\.json$/i.test(file)) {
    const head = await fs.readFile(file, 'utf8').catch(() => '')
    if (!head.trimStart().startsWith('{')) return undefined
  }
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

async function restoreExport(doc: unknown, slug: string | undefined): Promise<number> {
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const result = await runtime.services.exports.importStory(cliContext(), doc, slug)
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

/** A bar on stderr that redraws in a terminal and prints a line per tenth otherwise. */
function progressBar(total: number): (done: number, file: string) => void {
  const tty = process.stderr.isTTY
  let lastTenth = -1
  return (done, file) => {
    const width = 30
    const filled = Math.round((done / total) * width)
    const line = `import [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${path.basename(file)}`
    if (tty) {
      process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 80) - 1).padEnd(60)}`)
      if (done === total) process.stderr.write('\n')
    } else {
      const tenth = Math.floor((done / total) * 10)
      if (tenth !== lastTenth) process.stderr.write(`${line}\n`)
      lastTenth = tenth
    }
  }
}
