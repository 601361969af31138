/**
 * @module services/audit — lists the audit log for admins. Rows are written by each action inside
 * its own transaction (`Action.audit` in services/action.ts).
 */
import type { Actor } from '../core/role.js'
import type { Db } from '../storage/db.js'
import {
  AuditRepository,
  type AuditEntry,
  type AuditFilter,
} from '../storage/repositories/audit.repository.js'
import { assertCan } from './story.service.js'

export class AuditService {
  constructor(private readonly db: Db) {}

  async listEntries(actor: Actor, filter: AuditFilter): Promise<AuditEntry[]> {
    assertCan(actor, 'audit.read')
    return new AuditRepository(this.db.kysely).list(filter)
  }
}
