/** @module services/feed — feeds in: polite polling of RSS, Atom and JSON Feed into draft updates. */
import { createHash } from 'node:crypto'
import type { Actor } from '../core/role.js'
import { AppError, type ErrorCode } from '../errors.js'
import { backoffSeconds, type FeedEntry } from '../ingest/feeds/parse-feed.js'
import { inProcessAnalyser, type Analyser } from '../ingest/pool.js'
import type { Db, Executor } from '../storage/db.js'
import {
  FeedSourceRepository,
  type FeedSource,
} from '../storage/repositories/feed-source.repository.js'
import { ImportRecordRepository } from '../storage/repositories/import-record.repository.js'
import { StoryRepository } from '../storage/repositories/story.repository.js'
import type { ActionContext, Actions } from './action.js'
import { newId } from './ids.js'
import type { ImportService } from './import.service.js'
import { safeFetch, type SafeFetchResult } from '../ingest/feeds/safe-fetch.js'
import { DEFAULT_MARKUP_LIMITS, type MarkupLimits } from '../ingest/markup-limits.js'
import type { Clock } from './services.js'
import { assertCan, storyBySlug } from './story.service.js'

/** Limits that keep one hostile feed from holding up or exhausting the server. */
export interface FeedLimits {
  /** Whole response, in bytes. */
  maxBytes: number
  /** Whole fetch, headers and body, in milliseconds. */
  timeoutMs: number
  maxRedirects: number
  /**
   * Fetch feeds from loopback and private network addresses too (`SITREP_FEEDS_ALLOW_PRIVATE`).
   * Off by default: the server would otherwise fetch intranet pages for whoever adds a feed.
   */
  allowPrivateHosts: boolean
  /** Nesting and size limits for the feed document, checked before it is parsed. */
  markup?: MarkupLimits
}

export const DEFAULT_FEED_LIMITS: FeedLimits = {
  maxBytes: 5 * 1024 * 1024, // 5 MiB
  timeoutMs: 15_000, // 15 s
  maxRedirects: 3,
  allowPrivateHosts: false,
  markup: DEFAULT_MARKUP_LIMITS,
}

/** Shortest interval between two polls of one feed, in seconds. */
export const MIN_INTERVAL_SECONDS = 60

export interface FeedPollReport {
  feed: string
  url: string
  status: 'new' | 'unchanged' | 'failed'
  drafts: number
  duplicates: number
  skipped: Array<{ item: string; code: ErrorCode; message: string }>
  error?: { code: ErrorCode; message: string }
  next_poll_at: string
}

const FEED_ACTOR: Actor = { name: 'feed', role: 'contributor' }

/** The poller acting for itself: each item's import is on record as made by the feed. */
const feedContext = (): ActionContext => ({
  actor: FEED_ACTOR,
  requestId: `feed-${newId()}`,
  source: 'feed',
})

/** A feed as its audit row keeps it: what was followed, never its validators. */
const auditedFeed = (feed: FeedSource) => ({
  id: feed.id,
  url: feed.url,
  interval_seconds: feed.intervalSeconds,
  created_by: feed.createdBy,
  created_at: feed.createdAt,
})

/** Refusals of one item's text: the item is reported as skipped and the poll goes on. */
const ITEM_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'IMPORT_TOO_COMPLEX',
  'IMPORT_TOO_SLOW',
  'IMPORT_TOO_LARGE',
])

export class FeedService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly actions: Actions,
    private readonly imports: ImportService,
    private readonly limits: FeedLimits = DEFAULT_FEED_LIMITS,
    /** Parses fetched documents; the server's is the extraction pool, off the event loop. */
    private readonly analyser: Analyser = inProcessAnalyser,
  ) {}

  /** Polls running in this process, by feed id. */
  private readonly inFlight = new Map<string, Promise<FeedPollReport | undefined>>()

  /**
   * Follows a feed for a story; adding the same address twice returns the existing feed,
   * unchanged, and writes no audit row. A new feed is one `feed.add` row.
   */
  async addFeed(
    ctx: ActionContext,
    slug: string,
    url: string,
    intervalSeconds = 300,
  ): Promise<{ feed: FeedSource; created: boolean }> {
    assertCan(ctx.actor, 'story.edit', 'Only editors may add feeds to a story')
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new AppError('FEED_URL_INVALID', undefined, { url })
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new AppError('FEED_URL_INVALID', undefined, { url })
    return this.actions.run(ctx, async (action) => {
      const { trx, actor, at: now } = action
      const story = await storyBySlug(trx, slug)
      const feeds = new FeedSourceRepository(trx)
      const existing = await feeds.findByUrl(story.id, parsed.href)
      if (existing) return { feed: existing, created: false }
      const feed: FeedSource = {
        id: newId(),
        storyId: story.id,
        url: parsed.href,
        intervalSeconds: Math.max(MIN_INTERVAL_SECONDS, Math.round(intervalSeconds)),
        etag: null,
        lastModified: null,
        nextPollAt: now,
        failures: 0,
        lastError: null,
        lastPolledAt: null,
        draftsMade: 0,
        createdBy: actor.name,
        createdAt: now,
      }
      await feeds.insert(feed)
      await action.audit({
        action: 'feed.add',
        targetType: 'feed',
        targetId: feed.id,
        storySlug: story.slug,
        after: auditedFeed(feed),
      })
      return { feed, created: true }
    })
  }

  /** The feeds a story follows, oldest first; anyone who may read its drafts may see them. */
  async listFeeds(actor: Actor, slug: string): Promise<FeedSource[]> {
    assertCan(actor, 'draft.read')
    const story = await storyBySlug(this.db.kysely, slug)
    return new FeedSourceRepository(this.db.kysely).listByStory(story.id)
  }

  /** One feed of a story. */
  async getFeed(actor: Actor, slug: string, id: string): Promise<FeedSource> {
    assertCan(actor, 'draft.read')
    return findFeedOf(this.db.kysely, slug, id)
  }

  /** Stops following a feed; the drafts it made stay. Returns the feed as it was. One `feed.remove` row. */
  async removeFeed(ctx: ActionContext, slug: string, id: string): Promise<FeedSource> {
    assertCan(ctx.actor, 'story.edit', 'Only editors may remove feeds from a story')
    return this.actions.run(ctx, async (action) => {
      const feed = await findFeedOf(action.trx, slug, id)
      await new FeedSourceRepository(action.trx).delete(feed.id)
      await action.audit({
        action: 'feed.remove',
        targetType: 'feed',
        targetId: feed.id,
        storySlug: slug,
        before: auditedFeed(feed),
      })
      return feed
    })
  }

  /** Polls one feed now, whether or not it is due; a failed fetch is in the report, not thrown. */
  async pollFeed(ctx: ActionContext, slug: string, id: string): Promise<FeedPollReport> {
    assertCan(ctx.actor, 'story.edit', 'Only editors may check feeds')
    const feed = await findFeedOf(this.db.kysely, slug, id)
    // A round that found it no longer due returns nothing to whoever joined it: poll afresh then.
    const report = (await this.poll(feed.id)) ?? (await this.poll(feed.id))
    if (!report) throw new AppError('FEED_NOT_FOUND')
    // The person's request is on record with what came of it; each item the check took is its
    // own action by the feed (import.create), as in the timer's rounds.
    await this.actions.run(ctx, (action) =>
      action.audit({
        action: 'feed.check',
        targetType: 'feed',
        targetId: feed.id,
        storySlug: slug,
        after: report,
      }),
    )
    return report
  }

  /** Polls every feed that is due, one after the other; a broken feed is reported, never thrown. */
  async pollDue(limit = 20): Promise<FeedPollReport[]> {
    const now = this.clock().toISOString()
    const feeds = await new FeedSourceRepository(this.db.kysely).listDue(now, limit)
    const reports: FeedPollReport[] = []
    for (const feed of feeds) {
      const report = await this.poll(feed.id, now)
      if (report) reports.push(report)
    }
    return reports
  }

  /**
   * One poll per feed at a time in this process: a "check now" during the timer's round joins
   * the poll already running instead of fetching twice. Undefined when the feed is gone, or
   * when `dueBy` is given and the feed is no longer due by then.
   */
  private poll(id: string, dueBy?: string): Promise<FeedPollReport | undefined> {
    const running = this.inFlight.get(id)
    if (running) return running
    const started = (async () => {
      // Read afresh: the feed may have been removed, or polled, since the caller listed it.
      const feed = await new FeedSourceRepository(this.db.kysely).findById(id)
      if (!feed || (dueBy !== undefined && feed.nextPollAt > dueBy)) return undefined
      return this.pollOne(feed)
    })().finally(() => this.inFlight.delete(id))
    this.inFlight.set(id, started)
    return started
  }

  private async pollOne(feed: FeedSource): Promise<FeedPollReport> {
    const repo = new FeedSourceRepository(this.db.kysely)
    const story = await new StoryRepository(this.db.kysely).findById(feed.storyId)
    const at = (seconds: number) => new Date(this.clock().getTime() + seconds * 1000).toISOString()
    const fail = async (code: ErrorCode, message: string): Promise<FeedPollReport> => {
      const failures = feed.failures + 1
      const next = at(backoffSeconds(feed.intervalSeconds, failures))
      await repo.recordPoll(feed.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        nextPollAt: next,
        failures,
        lastError: `${code}: ${message}`.slice(0, 500),
        lastPolledAt: this.clock().toISOString(),
        drafts: 0,
      })
      return {
        feed: feed.id,
        url: feed.url,
        status: 'failed',
        drafts: 0,
        duplicates: 0,
        skipped: [],
        error: { code, message },
        next_poll_at: next,
      }
    }
    if (!story) return fail('STORY_NOT_FOUND', 'The story of this feed is gone')

    const fetched = await this.fetchFeed(feed)
    if (!fetched.ok) return fail(fetched.code, fetched.message)
    const next = at(feed.intervalSeconds)
    const report: FeedPollReport = {
      feed: feed.id,
      url: feed.url,
      status: fetched.status === 304 ? 'unchanged' : 'new',
      drafts: 0,
      duplicates: 0,
      skipped: [],
      next_poll_at: next,
    }
    if (fetched.status !== 304) {
      let parsed
      try {
        parsed = await this.analyser.parseFeed({
          body: fetched.body,
          limits: this.limits.markup ?? DEFAULT_MARKUP_LIMITS,
        })
      } catch (error) {
        // A document over the time or heap limit is a failed poll, retried later with backoff.
        if (!(error instanceof AppError) || !ITEM_REFUSALS.has(error.code)) throw error
        return fail(error.code, error.message)
      }
      if (!parsed.ok) return fail('FEED_INVALID', parsed.reason)
      for (const id of parsed.oversized)
        report.skipped.push({ item: id, code: 'FEED_TOO_LARGE', message: 'The item is too large' })
      const records = new ImportRecordRepository(this.db.kysely)
      for (const entry of parsed.entries) {
        // An item is taken once by its id, even when its text changes later.
        const hash = createHash('sha256').update(`feed-item\n${feed.id}\n${entry.id}`).digest('hex')
        if (await records.find(story.id, hash)) {
          report.duplicates++
          continue
        }
        let result
        try {
          result = await this.imports.importText(feedContext(), story.slug, {
            text: entryHtml(entry),
            origin: entry.link || feed.url,
            format: 'html',
          })
        } catch (error) {
          // An item refused (markup too deep, reading too slow or too large) is reported, like
          // an oversized one, and nothing of it is kept, so the next poll reports it again.
          if (!(error instanceof AppError) || !ITEM_REFUSALS.has(error.code)) throw error
          report.skipped.push({ item: entry.id, code: error.code, message: error.message })
          continue
        }
        report.drafts += result.imported.reduce((n, f) => n + f.drafts.length, 0)
        report.duplicates += result.imported.reduce((n, f) => n + f.duplicates, 0)
        for (const s of result.skipped)
          if (s.code !== 'IMPORT_DUPLICATE') report.skipped.push({ item: entry.id, ...s })
        await records.claim({
          storyId: story.id,
          contentHash: hash,
          updateId: null,
          role: 'feed_item',
          origin: entry.id.slice(0, 500),
          actor: FEED_ACTOR.name,
          createdAt: this.clock().toISOString(),
        })
      }
    }
    await repo.recordPoll(feed.id, {
      etag: fetched.etag ?? feed.etag,
      lastModified: fetched.lastModified ?? feed.lastModified,
      nextPollAt: next,
      failures: 0,
      lastError: null,
      lastPolledAt: this.clock().toISOString(),
      drafts: report.drafts,
    })
    return report
  }

  /** One conditional GET, connecting only to the checked address of each hop (`safeFetch`). */
  private fetchFeed(feed: FeedSource): Promise<SafeFetchResult> {
    return safeFetch(feed.url, {
      maxBytes: this.limits.maxBytes,
      timeoutMs: this.limits.timeoutMs,
      maxRedirects: this.limits.maxRedirects,
      allowPrivateHosts: this.limits.allowPrivateHosts,
      etag: feed.etag,
      lastModified: feed.lastModified,
    })
  }
}

/** An item as an HTML page: its title opens the update, its text is the body. */
function entryHtml(entry: FeedEntry): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const body = /<[a-z][\s\S]*>/i.test(entry.content)
    ? entry.content
    : `<p>${esc(entry.content)}</p>`
  return `<main><h2>${esc(entry.title || 'Feed item')}</h2>${body}</main>`
}

/** The feed with this id in this story: a feed of another story is not found here either. */
async function findFeedOf(db: Executor, slug: string, id: string): Promise<FeedSource> {
  const story = await storyBySlug(db, slug)
  const feed = await new FeedSourceRepository(db).findById(id)
  if (!feed || feed.storyId !== story.id) throw new AppError('FEED_NOT_FOUND')
  return feed
}
