/** @module cli/commands/feeds — `sitrep feeds add <url> --story <slug>`: follow a feed; the server polls it. */
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'
import { cliContext } from '../../services/action.js'

const USAGE = `Usage: sitrep feeds add <url> --story <slug> [--interval <seconds>]

Follows an RSS, Atom or JSON feed for a story. The running server polls it (every 300 seconds by
default, at least 60; conditional requests; backing off after failures) and turns new items into
draft updates. Prints the feed as JSON.`

export async function feedsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      story: { type: 'string' },
      interval: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (sub !== 'add' || values.help || positionals.length !== 1 || !values.story) {
    console.log(USAGE)
    return values.help || sub === '--help' ? 0 : 2
  }
  const interval = values.interval === undefined ? 300 : Number(values.interval)
  if (!Number.isFinite(interval) || interval <= 0) {
    console.error('sitrep: --interval must be a number of seconds')
    return 2
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const { feed } = await runtime.services.feeds.addFeed(
      cliContext({ name: 'sitrep feeds', role: 'editor' }),
      values.story,
      positionals[0] ?? '',
      interval,
    )
    console.log(
      JSON.stringify({
        id: feed.id,
        url: feed.url,
        interval_seconds: feed.intervalSeconds,
        next_poll_at: feed.nextPollAt,
      }),
    )
    return 0
  } finally {
    await runtime.close()
  }
}
