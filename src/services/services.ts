/** @module services — builds every service over one database and bus. */
import { DEFAULT_MARKUP_LIMITS, type MarkupLimits } from '../ingest/markup-limits.js'
import type { Analyser } from '../ingest/pool.js'
import type { Bus } from '../bus/bus.js'
import type { Db } from '../storage/db.js'
import { Actions, type Announce, type Clock } from './action.js'
import { AttributionService } from './attribution.service.js'
import { AuditService } from './audit.service.js'
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js'
import { MediaService, type MediaOptions } from './media.service.js'
import { UserService, type SessionOptions } from './user.service.js'
import { ClaimService } from './claim.service.js'
import { EventService } from './event.service.js'
import { ExportService } from './export.service.js'
import { SourceService } from './source.service.js'
import { DEFAULT_FEED_LIMITS, FeedService, type FeedLimits } from './feed.service.js'
import { ImportService } from './import.service.js'
import { InboxService } from './inbox.service.js'
import { StoryService } from './story.service.js'
import { TokenService } from './token.service.js'
import { UpdateService } from './update.service.js'

export type { Announce, Clock } from './action.js'

export interface Services {
  stories: StoryService
  updates: UpdateService
  events: EventService
  tokens: TokenService
  exports: ExportService
  users: UserService
  audit: AuditService
  media: MediaService
  loginThrottle: LoginThrottle
  claims: ClaimService
  attributions: AttributionService
  sources: SourceService
  imports: ImportService
  feeds: FeedService
  inbox: InboxService
}

/** Account, upload and sign-in limits; tests and the CLI may leave them at their defaults. */
export interface AccountOptions {
  session: SessionOptions
  media: MediaOptions
  login: LoginThrottleOptions
}

const DEFAULT_ACCOUNT_OPTIONS: AccountOptions = {
  session: { idleMs: 12 * 60 * 60_000, maxAgeMs: 7 * 24 * 60 * 60_000 },
  media: { dir: 'data/media', maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 },
  login: { maxFailures: 5, maxFailuresPerClient: 50, windowMs: 15 * 60_000 },
}

export function createServices(
  db: Db,
  bus: Bus,
  options: {
    clock?: Clock
    onBusError?: (error: unknown) => void
    accounts?: AccountOptions
    feeds?: Partial<FeedLimits>
    /** Nesting and size limits for imported HTML and feeds. */
    markup?: MarkupLimits
    /** Where imports are parsed and read; the calling thread when absent. */
    extraction?: Analyser
  } = {},
): Services {
  const accounts = options.accounts ?? DEFAULT_ACCOUNT_OPTIONS
  const clock = options.clock ?? (() => new Date())
  const announce: Announce = (events) => {
    for (const event of events) {
      // The write is already durable; a bus failure only delays readers, who catch up from the log.
      bus.publish(event).catch((error: unknown) => options.onBusError?.(error))
    }
  }
  const actions = new Actions(db, clock, announce)
  const updates = new UpdateService(db, actions)
  const markup = options.markup ?? DEFAULT_MARKUP_LIMITS
  const imports = new ImportService(db, actions, updates, markup, options.extraction)
  const claims = new ClaimService(db, actions)
  return {
    stories: new StoryService(db, actions),
    updates,
    events: new EventService(db),
    tokens: new TokenService(db, actions),
    exports: new ExportService(db, actions),
    users: new UserService(db, clock, actions, accounts.session),
    audit: new AuditService(db),
    media: new MediaService(db, clock, actions, accounts.media),
    loginThrottle: new LoginThrottle(accounts.login),
    claims,
    attributions: new AttributionService(db, actions),
    sources: new SourceService(db, actions),
    imports,
    feeds: new FeedService(
      db,
      clock,
      actions,
      imports,
      {
        ...DEFAULT_FEED_LIMITS,
        ...options.feeds,
        markup: options.feeds?.markup ?? markup,
      },
      options.extraction,
    ),
    inbox: new InboxService(db, clock, actions, updates, claims),
  }
}
