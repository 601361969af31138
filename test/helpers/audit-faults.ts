/** Real database faults for audit tests: a trigger that makes the audit insert of one target fail. */
import { sql } from 'kysely'
import type { Runtime } from '../../src/boot.js'

/**
 * Installs a trigger refusing audit rows whose target is `targetId` ("audit refused"), so a test
 * can show that the change written before it in the same transaction rolls back with it.
 */
export async function refuseAuditOf(runtime: Runtime, targetId: string): Promise<void> {
  const db = runtime.db.kysely
  const name = `refuse_audit_${targetId.replace(/[^a-z0-9]/gi, '_')}`
  const literal = targetId.replace(/'/g, "''")
  if (runtime.db.dialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER ${name} BEFORE INSERT ON audit_entry WHEN NEW.target_id = '${literal}'
         BEGIN SELECT RAISE(ABORT, 'audit refused'); END`,
      )
      .execute(db)
    return
  }
  await sql
    .raw(
      `CREATE FUNCTION ${name}() RETURNS trigger AS $$
       BEGIN
         IF NEW.target_id = '${literal}' THEN RAISE EXCEPTION 'audit refused'; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql`,
    )
    .execute(db)
  await sql
    .raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION ${name}()`,
    )
    .execute(db)
}
