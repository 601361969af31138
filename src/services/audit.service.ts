/** @module services/audit — records every action (who, what, when, before/after) and lists them for admins. */
import type { Actor } from '../core/role.js'
import type { Db, Executor } from '../storage/db.js'
import {
  AuditRepository,
  type AuditEntry,
  type AuditFilter,
} from '../storage/repositories/audit.repository.js'
import { newId } from './ids.js'
import type { Clock } from './services.js'
import { assertCan } from './story.service.js'

/** What a caller says about an action; the service adds the id and the time. */
export interface AuditRecord {
  actor: { name: string; role: string }
  action: string
  targetType: string
  targetId: string
  storySlug?: string | null
  before?: unknown
  after?: unknown
  ip?: string
  requestId?: string
  via?: string
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Appends one entry; pass a transaction to make it part of the change it describes. */
  async record(entry: AuditRecord, executor: Executor = this.db.kysely): Promise<void> {
    const now = this.clock()
    await new AuditRepository(executor).insert({
      id: newId(now.getTime()),
      at: now.toISOString(),
      actor: entry.actor.name,
      actorRole: entry.actor.role,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      storySlug: entry.storySlug ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: entry.ip ?? '',
      requestId: entry.requestId ?? '',
      via: entry.via ?? 'http',
    })
  }

  async listEntries(actor: Actor, filter: AuditFilter): Promise<AuditEntry[]> {
    assertCan(actor, 'audit.read')
    return new AuditRepository(this.db.kysely).list(filter)
  }
}
