/** @module storage/db — the Database type (every table) and the executor type repositories take. */
import type { Kysely, Transaction } from 'kysely'
import type { ApiTokenTable } from './tables/api-token.table.js'
import type { AuditEntryTable } from './tables/audit.table.js'
import type { MediaAssetTable } from './tables/media.table.js'
import type {
  AttributionRevisionTable,
  AttributionTable,
  ClaimRevisionTable,
  ClaimStoryTable,
  ClaimTable,
} from './tables/claim.table.js'
import type { SourceNameTable, SourceRevisionTable, SourceTable } from './tables/source.table.js'
import type { FeedSourceTable } from './tables/feed-source.table.js'
import type { ImportRecordTable } from './tables/import-record.table.js'
import type {
  ClaimSuggestionTable,
  InboxDraftTable,
  InboxEntryTable,
} from './tables/inbox.table.js'
import type { StoryEventTable } from './tables/story-event.table.js'
import type { StoryRevisionTable, StoryTable } from './tables/story.table.js'
import type { StoryUpdateTable, UpdateRevisionTable } from './tables/update.table.js'
import type { AppUserTable, UserSessionTable } from './tables/user.table.js'

export interface Database {
  story: StoryTable
  story_revision: StoryRevisionTable
  story_update: StoryUpdateTable
  update_revision: UpdateRevisionTable
  story_event: StoryEventTable
  api_token: ApiTokenTable
  app_user: AppUserTable
  user_session: UserSessionTable
  audit_entry: AuditEntryTable
  media_asset: MediaAssetTable
  source: SourceTable
  source_name: SourceNameTable
  source_revision: SourceRevisionTable
  claim: ClaimTable
  claim_story: ClaimStoryTable
  claim_revision: ClaimRevisionTable
  attribution: AttributionTable
  attribution_revision: AttributionRevisionTable
  import_record: ImportRecordTable
  feed_source: FeedSourceTable
  inbox_entry: InboxEntryTable
  inbox_draft: InboxDraftTable
  claim_suggestion: ClaimSuggestionTable
}

/** A connection or a transaction: repositories work on either. */
export type Executor = Kysely<Database> | Transaction<Database>

export type Dialect = 'sqlite' | 'postgres'

/** An open database with the dialect it speaks. */
export interface Db {
  kysely: Kysely<Database>
  dialect: Dialect
  /** Runs `work` in one transaction; commits when it resolves. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>
  ping(): Promise<void>
  close(): Promise<void>
}
