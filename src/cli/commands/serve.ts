/** @module cli/commands/serve — `sitrep serve`: boot, listen, and shut down gracefully on SIGTERM/SIGINT. */
import { parseArgs } from 'node:util'
import { boot, type Runtime } from '../../boot.js'
import { loadConfig } from '../../config.js'
import { buildApp, type App } from '../../server/app.js'

export interface RunningServer {
  runtime: Runtime
  app: App
  url: string
  stop(): Promise<void>
}

/** How long each shutdown step (draining connections, closing storage) may take. */
const DRAIN_MS = 5_000

/** Whether `work` settled within `ms`; it keeps running either way. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([work.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}

/** Boots and listens; used by `serve` and `demo`. */
export async function startServer(): Promise<RunningServer> {
  const config = loadConfig()
  const runtime = await boot(config)
  // First start: an admin, so someone can sign in to the desk.
  const first = await runtime.services.users.ensureFirstAdmin(config.adminEmail)
  if (first) {
    // The password goes to the terminal once, on standard error, whatever the log level. The
    // JSON log (standard output) is shipped and kept by log collectors, so it never holds it.
    process.stderr.write(
      `First start: created the admin ${first.user.email} with the one-time password ${first.password} ` +
        '(shown only this once; the desk asks for a new one at first sign-in)\n',
    )
    runtime.logger.warn(
      { email: first.user.email },
      'First start: created the admin; its password was printed on standard error',
    )
  }
  const app = await buildApp(runtime)
  const address = await app.app.listen({ port: config.port, host: config.host })
  // The threads load the gazetteer and the tagger model in the background, so the first import
  // does not wait for them and startup does not either.
  runtime.extraction.warm()
  const port = new URL(address).port
  const url = `http://localhost:${port}`
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // Stop accepting, end streams with a retry hint, let in-flight writes finish, then close
      // storage. Each step has a deadline, so a stuck client cannot keep the process from exiting.
      const closing = app.app.close()
      if (!(await settlesWithin(closing, DRAIN_MS))) {
        runtime.logger.warn(
          { after_ms: DRAIN_MS },
          'connections still open after the drain time; closing them',
        )
        app.app.server.closeAllConnections()
        await settlesWithin(closing, DRAIN_MS)
      }
      if (!(await settlesWithin(runtime.close(), DRAIN_MS)))
        runtime.logger.error(
          { after_ms: DRAIN_MS },
          'storage did not close in time; exiting anyway',
        )
    })())
  return { runtime, app, url, stop }
}

/** Exits 0 after a clean stop; a second signal forces the exit. */
export function stopOnSignals(server: RunningServer, beforeStop?: () => void): void {
  let signalled = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(1)
    signalled = true
    server.runtime.logger.info({ signal }, 'shutting down')
    beforeStop?.()
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.runtime.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}

export async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } })
  if (values.help) {
    console.log(
      'Usage: sitrep serve\n\nConfigured by PORT, SITREP_DATA, DATABASE_URL, REDIS_URL and the SITREP_* variables in .env.example.',
    )
    return 0
  }
  const server = await startServer()
  stopOnSignals(server)
  const stories = await server.runtime.services.stories.listStories(1)
  const { config } = server.runtime
  const storage =
    config.database.kind === 'sqlite' ? `SQLite at ${config.database.file}` : 'PostgreSQL'
  console.log(
    [
      `Sitrep is live at ${server.url}  (${storage}; ${config.redisUrl ? 'Redis bus' : 'in-process bus'})`,
      stories.length === 0 ? '  No stories yet. Next steps:' : '  Next steps:',
      `    The desk        ${server.url}/desk`,
      `    API docs        ${server.url}/api/docs`,
      '    Add a user      npx sitrep user add --email you@example.org --role editor',
      '    Create a token  npx sitrep token create --role editor',
      `    Create a story  curl -X POST ${server.url}/api/v1/stories -H "Authorization: Bearer <token>" -H "Content-Type: application/json" -d '{"title":"My story"}'`,
      '    Or try the demo npm run demo',
    ].join('\n'),
  )
  return 0
}
