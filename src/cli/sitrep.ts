#!/usr/bin/env node
/** @module cli/sitrep — the `sitrep` command: dispatches to one file per command. */
import { ConfigError } from '../config.js'
import { AppError } from '../errors.js'

const USAGE = `Usage: sitrep <command> [options]

Commands:
  serve                               Run the server (PORT, SITREP_DATA, DATABASE_URL, REDIS_URL)
  demo                                Run the server with a sample story that keeps publishing
  migrate                             Bring the database to the latest schema
  token create --role <role> [--name <name>]
                                      Create a bearer token (contributor, editor or admin); printed on the last line
  user add --email <email> --role <role> [--password <password>]
                                      Add a desk user; without --password one is generated and printed once
  user list | role | deactivate | activate
                                      Manage desk users ("sitrep user --help")
  export <slug> [--out <file>]        Write a story with every revision and event as JSON
  import <file|dir> --story <slug>    Import text, Markdown or HTML as draft updates,
                                      or restore a story from an export (JSON)
  extract <file…> [--format jsonl]    Print the attributions found in each file, one JSON line per file
  feeds add <url> --story <slug>      Follow an RSS, Atom or JSON feed; the server polls it into drafts

Run "sitrep <command> --help" for details.`

type Command = (args: string[]) => Promise<number>

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serve,
  demo: async () => (await import('./commands/demo.js')).demo,
  migrate: async () => (await import('./commands/migrate.js')).migrate,
  token: async () => (await import('./commands/token.js')).token,
  user: async () => (await import('./commands/user.js')).user,
  export: async () => (await import('./commands/export.js')).exportCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  extract: async () => (await import('./commands/extract.js')).extractCommand,
  feeds: async () => (await import('./commands/feeds.js')).feedsCommand,
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? 0 : 2
  }
  const load = COMMANDS[name]
  if (!load) {
    console.error(`sitrep: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  return (await load())(args)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message)
    else if (error instanceof AppError) console.error(`sitrep: ${error.code}: ${error.message}`)
    else if (
      error instanceof Error &&
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    )
      console.error(`sitrep: ${error.message}`)
    else console.error(`sitrep: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
