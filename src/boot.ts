/** @module boot — builds { db, bus, services } from config; shared by the server and the CLI. */
import { pino, type Logger } from 'pino'
import type { Bus } from './bus/bus.js'
import { MemoryBus } from './bus/memory-bus.js'
import { RedisBus } from './bus/redis-bus.js'
import type { Config } from './config.js'
import path from 'node:path'
import { ExtractionPool } from './ingest/pool.js'
import { createServices, type Services } from './services/services.js'
import type { Db } from './storage/db.js'
import { migrateToLatest } from './storage/migrate.js'
import { openPostgres } from './storage/postgres.js'
import { openSqlite } from './storage/sqlite.js'

export interface Runtime {
  config: Config
  logger: Logger
  db: Db
  bus: Bus
  services: Services
  /** The worker threads imports are read on; they start on `warm()` or the first import. */
  extraction: ExtractionPool
  /** Ends the extraction threads, closes the bus, then the database. */
  close(): Promise<void>
}

export interface BootOptions {
  /** Skip migrations (the `migrate` command runs them itself and reports). */
  migrate?: boolean
  /** Commands that never stream (token, export) do without the bus connection. */
  bus?: boolean
  logger?: Logger
}

export async function boot(config: Config, options: BootOptions = {}): Promise<Runtime> {
  // 1. Logger: JSON lines to stdout, level from config.
  const logger = options.logger ?? pino({ level: config.logLevel })

  // 2. Database (the one place the adapter is chosen), then migrations.
  const db =
    config.database.kind === 'postgres'
      ? openPostgres(config.database.url)
      : openSqlite(config.database.file)
  try {
    if (options.migrate !== false) {
      const { applied } = await migrateToLatest(db)
      if (applied.length > 0) logger.info({ applied }, 'database migrated')
    }
  } catch (error) {
    await db.close()
    throw error
  }

  // 3. Bus: Redis when configured, otherwise in-process.
  let bus: Bus = new MemoryBus()
  if (config.redisUrl && options.bus !== false) {
    const redisBus = new RedisBus(config.redisUrl, config.busNamespace, (error) =>
      logger.warn({ err: error }, 'redis bus error'),
    )
    try {
      await redisBus.start()
    } catch (error) {
      await Promise.allSettled([redisBus.close(), db.close()])
      throw new Error(`Cannot subscribe to Redis at REDIS_URL: ${String(error)}`, { cause: error })
    }
    bus = redisBus
  }

  // 4. Extraction threads: imports are parsed and read off the event loop, each job under a
  //    time and a heap limit. No thread starts until `warm()` or the first import.
  const extraction = new ExtractionPool(
    {
      threads: config.extractThreads,
      timeoutMs: config.extractTimeoutMs,
      memoryMb: config.extractMemoryMb,
    },
    (error) => logger.error({ err: error }, 'extraction thread failed'),
  )

  // 5. Services: the only writers, shared by the routes and the CLI.
  const services = createServices(db, bus, {
    extraction,
    feeds: { allowPrivateHosts: config.feedsAllowPrivate },
    markup: { maxDepth: config.markupMaxDepth, maxTokens: config.markupMaxTokens },
    accounts: {
      session: { idleMs: config.sessionIdleMs, maxAgeMs: config.sessionMaxAgeMs },
      media: {
        dir: path.join(config.dataDir, 'media'),
        maxBytes: config.uploadMaxBytes,
        maxPixels: config.uploadMaxPixels,
        maxConcurrentDecodes: config.uploadMaxDecodes,
      },
      login: {
        maxFailures: config.loginMaxFailures,
        maxFailuresPerClient: Math.max(50, config.loginMaxFailures * 10),
        windowMs: config.loginWindowMs,
      },
    },
    onBusError: (error) =>
      logger.error(
        { err: error },
        'event not published on the bus; readers will catch up from the log',
      ),
  })

  return {
    config,
    logger,
    db,
    bus,
    services,
    extraction,
    close: async () => {
      await extraction.close()
      await bus.close()
      await db.close()
    },
  }
}
