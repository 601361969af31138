/** @module storage/repositories/audit — the append-only audit log. */
import { sql } from 'kysely'
import type { Executor } from '../db.js'
import type { AuditEntryRow } from '../tables/audit.table.js'

export interface AuditEntry {
  id: string
  at: string
  actor: string
  actorRole: string
  action: string
  targetType: string
  targetId: string
  storySlug: string | null
  before: unknown
  after: unknown
  ip: string
  requestId: string
  /** `http`, `cli`, `feed` or `system`. */
  via: string
}

export interface AuditFilter {
  actor?: string
  action?: string
  targetId?: string
  storySlug?: string
  /** Entries with an id below this one (the cursor of the previous page). */
  before?: string
  limit: number
}

const parse = (text: string | null): unknown =>
  text === null ? null : (JSON.parse(text) as unknown)

const rowToEntry = (row: AuditEntryRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  actorRole: row.actor_role,
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  storySlug: row.story_slug,
  before: parse(row.before),
  after: parse(row.after),
  ip: row.ip,
  requestId: row.request_id,
  via: row.via,
})

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_entry')
      .values({
        id: entry.id,
        at: entry.at,
        actor: entry.actor,
        actor_role: entry.actorRole,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        story_slug: entry.storySlug,
        before:
          entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
        after:
          entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
        ip: entry.ip,
        request_id: entry.requestId,
        via: entry.via,
      })
      .execute()
  }

  /** Newest first. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_entry').selectAll()
    if (filter.actor) query = query.where('actor', '=', filter.actor)
    const action = filter.action
    // A prefix match without LIKE, whose wildcards (`_`) appear in action names.
    if (action) query = query.where(sql<string>`substr(action, 1, ${action.length})`, '=', action)
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId)
    if (filter.storySlug) query = query.where('story_slug', '=', filter.storySlug)
    if (filter.before) query = query.where('id', '<', filter.before)
    const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute()
    return rows.map(rowToEntry)
  }
}
