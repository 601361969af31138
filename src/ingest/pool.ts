/** @module ingest/pool — runs import analyses on worker threads, each job under a time and a heap limit. */
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import { AppError } from '../errors.js'
import { analyseImport, type AnalyseInput, type AnalyseResult } from './analyse.js'
import { parseFeedDocument, type ParsedFeed } from './feeds/parse-feed.js'
import type { MarkupLimits } from './markup-limits.js'

/** A fetched feed document to parse, with the markup limits checked before any tree is built. */
export interface FeedInput {
  body: string
  limits: MarkupLimits
}

/** Anything that can read imports and feeds: the worker pool, or the calling thread itself. */
export interface Analyser {
  analyse(input: AnalyseInput): Promise<AnalyseResult>
  parseFeed(input: FeedInput): Promise<ParsedFeed>
}

/** Reads on the calling thread, without limits; for batch tools and unit tests. */
export const inProcessAnalyser: Analyser = {
  analyse: async (input) =>
    analyseImport(input, async () => (await import('./entities/place-index.js')).loadPlaceIndex()),
  parseFeed: async ({ body, limits }) => parseFeedDocument(body, limits),
}

export interface ExtractionPoolOptions {
  /** Worker threads, each holding its own gazetteer and tagger model (about 100 MB). */
  threads: number
  /** Longest one job may take, waiting for a thread included, in ms; then its thread is ended. */
  timeoutMs: number
  /** Heap of each thread (V8's old generation), in MB; a job that needs more ends its thread. */
  memoryMb: number
}

export const DEFAULT_EXTRACTION_POOL: ExtractionPoolOptions = {
  threads: 1,
  timeoutMs: 20_000, // 20 s
  memoryMb: 256, // MB per thread
}

/**
 * The worker entry next to this module, with this module's extension: `.js` in the built
 * server, `.ts` when the sources run under tsx or vitest, where the thread needs tsx's loader.
 */
function workerEntry(): { filename: string; execArgv: string[] | undefined } {
  const here = fileURLToPath(import.meta.url)
  const ext = path.extname(here)
  const filename = path.join(path.dirname(here), `analyse.worker${ext}`)
  if (ext !== '.ts') return { filename, execArgv: undefined }
  // Node 20 applies neither the parent's loader hooks nor `--import tsx` to a worker's imports;
  // hooks that the worker registers itself do apply.
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('tsx/package.json')
  const { exports } = require(manifest) as {
    exports: { './esm/api': { import: { default: string } } }
  }
  const api = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api'].import.default))
  const register = `import { register } from ${JSON.stringify(api.href)}; register()`
  return {
    filename,
    execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
  }
}

/**
 * A small pool of worker threads for import analysis, so parsing and extraction never hold the
 * server's event loop. Threads start on `warm()` or the first job, load the gazetteer and the
 * tagger model before taking work, and are replaced when a job over a limit ends one.
 */
export class ExtractionPool implements Analyser {
  private pool: Piscina | undefined
  private closed = false

  constructor(
    private readonly options: ExtractionPoolOptions = DEFAULT_EXTRACTION_POOL,
    /** Told when a thread fails outside any job (a replacement over the heap limit at start). */
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts the threads in the background; they load their models without blocking the caller. */
  warm(): void {
    this.started()
  }

  /**
   * Runs one analysis on a thread.
   * @throws AppError `IMPORT_TOO_SLOW` past the time limit, `IMPORT_TOO_LARGE` past the heap limit
   */
  analyse(input: AnalyseInput): Promise<AnalyseResult> {
    return this.run<AnalyseResult>(input, 'default', 'the text', '; import it in smaller parts')
  }

  /** Parses a fetched feed document on a thread, under the same limits as an import. */
  parseFeed(input: FeedInput): Promise<ParsedFeed> {
    return this.run<ParsedFeed>(input, 'parseFeed', 'the feed', '')
  }

  /** Runs one task (a named export of the worker entry) under the time and heap limits. */
  private async run<T>(input: unknown, name: string, what: string, advice: string): Promise<T> {
    const signal = AbortSignal.timeout(this.options.timeoutMs)
    try {
      return (await this.started().run(input, { signal, name })) as T
    } catch (error) {
      if (signal.aborted)
        throw new AppError(
          'IMPORT_TOO_SLOW',
          `Reading ${what} took longer than ${this.options.timeoutMs / 1000} s${advice}`,
          undefined,
          { cause: error },
        )
      if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new AppError(
          'IMPORT_TOO_LARGE',
          `Reading ${what} needed more than ${this.options.memoryMb} MB${advice}`,
          undefined,
          { cause: error },
        )
      throw error
    }
  }

  /** Ends the threads; a running job is cut off (the server has drained its requests by then). */
  async close(): Promise<void> {
    this.closed = true
    const pool = this.pool
    this.pool = undefined
    await pool?.destroy()
  }

  private started(): Piscina {
    if (this.closed) throw new AppError('SERVICE_UNAVAILABLE')
    if (!this.pool) {
      const { filename, execArgv } = workerEntry()
      this.pool = new Piscina({
        filename,
        execArgv,
        minThreads: this.options.threads,
        maxThreads: this.options.threads,
        resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      })
      this.pool.on('error', this.onError)
    }
    return this.pool
  }
}
