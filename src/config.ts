/** @module config — the only reader of process.env: parses it once into a frozen, typed Config. */
import { createHash } from 'node:crypto'
import path from 'node:path'

/** Everything Sitrep reads from the environment, validated and with defaults applied. */
export interface Config {
  /** TCP port the server listens on (`PORT`, default 3000; 0 picks a free port). */
  readonly port: number
  /** Interface to bind (`SITREP_HOST`, default 0.0.0.0). */
  readonly host: string
  /** Folder for the SQLite file and uploads (`SITREP_DATA`, default ./data). */
  readonly dataDir: string
  /** Database: SQLite file in dataDir unless `DATABASE_URL` is a postgres:// URL. */
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string }
  /** Redis URL for the cross-process bus (`REDIS_URL`); absent: the in-process bus. */
  readonly redisUrl: string | undefined
  /**
   * Namespace of the Redis channel (`SITREP_BUS_NAMESPACE`): deployments sharing a Redis see only
   * their own events. Default: derived from the database identity (host, port and database name,
   * or the SQLite file), so processes on one database share a channel and other deployments do not.
   */
  readonly busNamespace: string
  /** pino level (`SITREP_LOG_LEVEL`, default info). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Largest accepted request body in bytes (`SITREP_BODY_LIMIT`, default 1 MiB). */
  readonly bodyLimit: number
  /** Events a reconnecting reader may replay before it is told to reset (`SITREP_REPLAY_WINDOW`, default 1000). */
  readonly replayWindow: number
  /** Interval of SSE heartbeat comments in ms (`SITREP_HEARTBEAT_MS`, default 15 s). */
  readonly heartbeatMs: number
  /** Reconnect delay suggested to SSE clients in ms (`SITREP_RETRY_MS`, default 2 s). */
  readonly retryMs: number
  /** Unsent bytes a stream connection may queue before it is dropped (`SITREP_STREAM_MAX_UNSENT`, default 256 KiB). */
  readonly streamMaxUnsentBytes: number
  /**
   * Open streams (story streams and desk presence together) one client address may hold
   * (`SITREP_STREAM_MAX_PER_CLIENT`, default 100); the next gets 429. Behind a proxy, set
   * `SITREP_TRUST_PROXY` or every reader counts as the proxy's address.
   */
  readonly streamMaxPerClient: number
  /** Desk presence streams one user may hold open, over all stories (`SITREP_PRESENCE_MAX_PER_USER`, default 10). */
  readonly presenceMaxPerUser: number
  /** Desk presence streams one story may have (`SITREP_PRESENCE_MAX_PER_STORY`, default 100). */
  readonly presenceMaxPerStory: number
  /** Let feeds point at loopback and private network addresses (`SITREP_FEEDS_ALLOW_PRIVATE`, default false). */
  readonly feedsAllowPrivate: boolean
  /** Public base URL used in feeds, canonical links and JSON-LD (`SITREP_PUBLIC_URL`, default http://localhost:PORT). */
  readonly publicUrl: string
  /** Newsroom name shown as publisher (`SITREP_PUBLISHER`, default Sitrep). */
  readonly publisherName: string
  /** IANA time zone pages render times in (`SITREP_TIMEZONE`, default UTC). */
  readonly timeZone: string
  /** Absolute URL of the publisher's logo for JSON-LD (`SITREP_PUBLISHER_LOGO`; default: the logo the app serves). */
  readonly publisherLogoUrl: string | undefined
  /** Updates per page of the reader's story page and feeds (`SITREP_READER_PAGE_SIZE`, default 50). */
  readonly readerPageSize: number
  /** E-mail of the admin created on first start (`SITREP_ADMIN_EMAIL`, default admin@localhost). */
  readonly adminEmail: string
  /**
   * Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a reverse proxy (`SITREP_TRUST_PROXY=1`,
   * default off). Only then does a request count as TLS (Secure cookies) behind a proxy.
   */
  readonly trustProxy: boolean
  /** A desk session unused this long ends, in ms (`SITREP_SESSION_IDLE_MINUTES`, default 12 h). */
  readonly sessionIdleMs: number
  /** A desk session ends this long after sign-in, in ms (`SITREP_SESSION_MAX_DAYS`, default 7 days). */
  readonly sessionMaxAgeMs: number
  /** Failed sign-ins for one e-mail from one client before 429 (`SITREP_LOGIN_MAX_FAILURES`, default 5). */
  readonly loginMaxFailures: number
  /** How long failed sign-ins count, in ms (`SITREP_LOGIN_WINDOW_MINUTES`, default 15 min). */
  readonly loginWindowMs: number
  /** Largest image upload in bytes (`SITREP_UPLOAD_MAX_BYTES`, default 10 MiB). */
  readonly uploadMaxBytes: number
  /** Largest image in pixels, width × height (`SITREP_UPLOAD_MAX_PIXELS`, default 40 megapixels). */
  readonly uploadMaxPixels: number
  /** Images decoded at once (`SITREP_UPLOAD_MAX_DECODES`, default 2); 4 more per slot may wait, then 503. */
  readonly uploadMaxDecodes: number
  /** Elements open at once in imported HTML and feeds (`SITREP_MARKUP_MAX_DEPTH`, default 256); deeper is 422. */
  readonly markupMaxDepth: number
  /** Tags and text runs in one imported page or feed (`SITREP_MARKUP_MAX_TOKENS`, default 500000). */
  readonly markupMaxTokens: number
  /** Worker threads that parse imports and feed items and read their attributions (`SITREP_EXTRACT_THREADS`, default 1). */
  readonly extractThreads: number
  /**
   * Longest one import's reading may take, waiting for a thread included, in ms
   * (`SITREP_EXTRACT_TIMEOUT_MS`, default 20 s); past it the import is refused with 422.
   */
  readonly extractTimeoutMs: number
  /** Heap of each extraction thread in MB (`SITREP_EXTRACT_MEMORY_MB`, default 256); an import needing more is refused with 413. */
  readonly extractMemoryMb: number
}

const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  logLevel: 'info',
  bodyLimit: 1024 * 1024, // 1 MiB
  replayWindow: 1000, // events
  heartbeatMs: 15_000, // 15 s
  retryMs: 2_000, // 2 s
  streamMaxUnsentBytes: 256 * 1024, // 256 KiB
  streamMaxPerClient: 100, // connections per client address
  presenceMaxPerUser: 10, // streams (desk tabs)
  presenceMaxPerStory: 100, // streams
  publisherName: 'Sitrep',
  timeZone: 'UTC',
  readerPageSize: 50, // updates
  adminEmail: 'admin@localhost',
  sessionIdleMinutes: 12 * 60, // 12 h
  sessionMaxDays: 7,
  loginMaxFailures: 5,
  loginWindowMinutes: 15,
  uploadMaxBytes: 10 * 1024 * 1024, // 10 MiB
  uploadMaxPixels: 40_000_000, // 40 megapixels
  uploadMaxDecodes: 2, // images decoded at once
  markupMaxDepth: 256, // elements open at once
  markupMaxTokens: 500_000, // tags and text runs per document
  extractThreads: 1, // worker threads
  extractTimeoutMs: 20_000, // 20 s
  extractMemoryMb: 256, // MB of heap per thread
} as const

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Raised with every problem found, so an operator can fix them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Parses an environment into a Config, listing every problem at once.
 * @example loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://localhost/sitrep' })
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = []
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw.trim() === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
      return fallback
    }
    return value
  }

  const port = int('PORT', DEFAULTS.port, 0, 65535)
  const dataDir = path.resolve(env.SITREP_DATA?.trim() || DEFAULTS.dataDir)

  let database: Config['database'] = { kind: 'sqlite', file: path.join(dataDir, 'sitrep.db') }
  const dbUrl = env.DATABASE_URL?.trim()
  if (dbUrl) {
    if (/^postgres(ql)?:\/\//.test(dbUrl) && URL.canParse(dbUrl))
      database = { kind: 'postgres', url: dbUrl }
    else
      problems.push(
        `DATABASE_URL must be a postgres:// URL (leave it unset for SQLite), got "${redact(dbUrl)}"`,
      )
  }

  let redisUrl: string | undefined
  const rawRedis = env.REDIS_URL?.trim()
  if (rawRedis) {
    if (/^rediss?:\/\//.test(rawRedis) && URL.canParse(rawRedis)) redisUrl = rawRedis
    else problems.push(`REDIS_URL must be a redis:// or rediss:// URL, got "${redact(rawRedis)}"`)
  }

  const rawNamespace = env.SITREP_BUS_NAMESPACE?.trim()
  let busNamespace = defaultBusNamespace(database)
  if (rawNamespace) {
    if (/^[\w.-]{1,64}$/.test(rawNamespace)) busNamespace = rawNamespace
    else
      problems.push(
        `SITREP_BUS_NAMESPACE must be 1 to 64 letters, digits, dots, dashes or underscores, got "${rawNamespace}"`,
      )
  }

  const logLevel = (env.SITREP_LOG_LEVEL?.trim() || DEFAULTS.logLevel) as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`SITREP_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)

  let publicUrl = env.SITREP_PUBLIC_URL?.trim() || `http://localhost:${port || DEFAULTS.port}`
  if (!/^https?:\/\//.test(publicUrl) || !URL.canParse(publicUrl)) {
    problems.push(`SITREP_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`)
  }
  publicUrl = publicUrl.replace(/\/+$/, '')

  const timeZone = env.SITREP_TIMEZONE?.trim() || DEFAULTS.timeZone
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    problems.push(
      `SITREP_TIMEZONE must be an IANA time zone such as Europe/Berlin, got "${timeZone}"`,
    )
  }

  const publisherLogoUrl = env.SITREP_PUBLISHER_LOGO?.trim() || undefined
  if (
    publisherLogoUrl &&
    (!/^https?:\/\//.test(publisherLogoUrl) || !URL.canParse(publisherLogoUrl))
  )
    problems.push(`SITREP_PUBLISHER_LOGO must be an http(s) URL, got "${publisherLogoUrl}"`)
  const adminEmail = env.SITREP_ADMIN_EMAIL?.trim().toLowerCase() || DEFAULTS.adminEmail
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail))
    problems.push(`SITREP_ADMIN_EMAIL must be an e-mail address, got "${adminEmail}"`)
  const rawTrust = env.SITREP_TRUST_PROXY?.trim() ?? ''
  if (!['', '0', '1', 'true', 'false'].includes(rawTrust))
    problems.push(`SITREP_TRUST_PROXY must be 1 or 0, got "${rawTrust}"`)
  const trustProxy = rawTrust === '1' || rawTrust === 'true'
  const rawPrivate = env.SITREP_FEEDS_ALLOW_PRIVATE?.trim() ?? ''
  if (!['', '0', '1', 'true', 'false'].includes(rawPrivate))
    problems.push(`SITREP_FEEDS_ALLOW_PRIVATE must be true or false, got "${rawPrivate}"`)
  const feedsAllowPrivate = rawPrivate === '1' || rawPrivate === 'true'

  const config: Config = {
    port,
    host: env.SITREP_HOST?.trim() || DEFAULTS.host,
    dataDir,
    database,
    redisUrl,
    busNamespace,
    logLevel,
    bodyLimit: int('SITREP_BODY_LIMIT', DEFAULTS.bodyLimit, 1024, 100 * 1024 * 1024),
    replayWindow: int('SITREP_REPLAY_WINDOW', DEFAULTS.replayWindow, 1, 1_000_000),
    heartbeatMs: int('SITREP_HEARTBEAT_MS', DEFAULTS.heartbeatMs, 100, 3_600_000),
    retryMs: int('SITREP_RETRY_MS', DEFAULTS.retryMs, 100, 600_000),
    streamMaxUnsentBytes: int(
      'SITREP_STREAM_MAX_UNSENT',
      DEFAULTS.streamMaxUnsentBytes,
      1024,
      64 * 1024 * 1024,
    ),
    streamMaxPerClient: int(
      'SITREP_STREAM_MAX_PER_CLIENT',
      DEFAULTS.streamMaxPerClient,
      1,
      1_000_000,
    ),
    presenceMaxPerUser: int('SITREP_PRESENCE_MAX_PER_USER', DEFAULTS.presenceMaxPerUser, 1, 10_000),
    presenceMaxPerStory: int(
      'SITREP_PRESENCE_MAX_PER_STORY',
      DEFAULTS.presenceMaxPerStory,
      1,
      100_000,
    ),
    publicUrl,
    publisherName: env.SITREP_PUBLISHER?.trim() || DEFAULTS.publisherName,
    timeZone,
    publisherLogoUrl,
    readerPageSize: int('SITREP_READER_PAGE_SIZE', DEFAULTS.readerPageSize, 1, 200),
    adminEmail,
    trustProxy,
    feedsAllowPrivate,
    sessionIdleMs:
      int('SITREP_SESSION_IDLE_MINUTES', DEFAULTS.sessionIdleMinutes, 1, 60 * 24 * 30) * 60_000,
    sessionMaxAgeMs:
      int('SITREP_SESSION_MAX_DAYS', DEFAULTS.sessionMaxDays, 1, 365) * 24 * 60 * 60_000,
    loginMaxFailures: int('SITREP_LOGIN_MAX_FAILURES', DEFAULTS.loginMaxFailures, 1, 1000),
    loginWindowMs:
      int('SITREP_LOGIN_WINDOW_MINUTES', DEFAULTS.loginWindowMinutes, 1, 24 * 60) * 60_000,
    uploadMaxBytes: int(
      'SITREP_UPLOAD_MAX_BYTES',
      DEFAULTS.uploadMaxBytes,
      1024,
      100 * 1024 * 1024,
    ),
    uploadMaxPixels: int('SITREP_UPLOAD_MAX_PIXELS', DEFAULTS.uploadMaxPixels, 1000, 500_000_000),
    uploadMaxDecodes: int('SITREP_UPLOAD_MAX_DECODES', DEFAULTS.uploadMaxDecodes, 1, 64),
    markupMaxDepth: int('SITREP_MARKUP_MAX_DEPTH', DEFAULTS.markupMaxDepth, 16, 4096),
    markupMaxTokens: int('SITREP_MARKUP_MAX_TOKENS', DEFAULTS.markupMaxTokens, 1000, 10_000_000),
    extractThreads: int('SITREP_EXTRACT_THREADS', DEFAULTS.extractThreads, 1, 64),
    extractTimeoutMs: int('SITREP_EXTRACT_TIMEOUT_MS', DEFAULTS.extractTimeoutMs, 1, 600_000),
    // A thread holds the gazetteer and the tagger model, about 100 MB, before any import.
    extractMemoryMb: int('SITREP_EXTRACT_MEMORY_MB', DEFAULTS.extractMemoryMb, 128, 16_384),
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return deepFreeze(config)
}

/**
 * The database's identity as a short name: host, port and database (never the credentials), or the
 * SQLite file. Hashed, so the channel name says nothing about where the database lives.
 */
function defaultBusNamespace(database: Config['database']): string {
  let identity: string
  if (database.kind === 'sqlite') identity = `sqlite:${database.file}`
  else {
    const url = new URL(database.url)
    identity = `postgres:${url.hostname}:${url.port || '5432'}${url.pathname}`
  }
  return `db-${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`
}

/** Hides a password in a URL before it is echoed in an error. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
