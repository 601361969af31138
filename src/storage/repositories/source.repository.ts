/** @module storage/repositories/source — sources, their names (for look-up and search) and revisions. */
import { namesOf, sourceKey, type Source, type SourceKind } from '../../core/claim.js'
import { sql } from 'kysely'
import type { Executor } from '../db.js'
import type { SourceRow, SourceTable } from '../tables/source.table.js'

export const sourceRowToSource = (row: SourceRow): Source => ({
  id: row.id,
  name: row.name,
  kind: row.kind as SourceKind,
  affiliation: row.affiliation,
  description: row.description,
  aliases: JSON.parse(row.aliases) as string[],
  version: row.version,
  mergedInto: row.merged_into,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

const sourceToRow = (s: Source): SourceTable => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  affiliation: s.affiliation,
  description: s.description,
  aliases: JSON.stringify(s.aliases),
  version: s.version,
  merged_into: s.mergedInto,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
})

export interface SourceRevision {
  version: number
  snapshot: Source
  actor: string
  createdAt: string
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)

export class SourceRepository {
  constructor(private readonly db: Executor) {}

  async findById(id: string): Promise<Source | undefined> {
    const row = await this.db
      .selectFrom('source')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && sourceRowToSource(row)
  }

  async listByIds(ids: readonly string[]): Promise<Source[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('source')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute()
    return rows.map(sourceRowToSource)
  }

  /** The live source that has this name or alias. */
  async findByName(name: string): Promise<Source | undefined> {
    const row = await this.db
      .selectFrom('source_name')
      .innerJoin('source', 'source.id', 'source_name.source_id')
      .selectAll('source')
      .where('source_name.name_key', '=', sourceKey(name))
      .executeTakeFirst()
    return row && sourceRowToSource(row)
  }

  /** Live sources with a name or alias containing `query` (case-insensitive), names first by length. */
  async search(query: string, limit: number): Promise<Source[]> {
    const pattern = `%${likeEscape(sourceKey(query))}%`
    const matches = await this.db
      .selectFrom('source_name')
      .select(['source_id', 'name_key'])
      // SQLite has no default LIKE escape character; PostgreSQL's is the same backslash.
      .where(sql<boolean>`name_key like ${pattern} escape '\\'`)
      .limit(500)
      .execute()
    // Closest first: an exact name, then names starting with the query, then the shortest.
    const key = sourceKey(query)
    const rank = (k: string): [number, number] => [
      k === key ? 0 : k.startsWith(key) ? 1 : 2,
      k.length,
    ]
    const best = new Map<string, [number, number]>()
    for (const m of matches) {
      const r = rank(m.name_key)
      const prev = best.get(m.source_id)
      if (!prev || r[0] < prev[0] || (r[0] === prev[0] && r[1] < prev[1])) best.set(m.source_id, r)
    }
    const ids = [...best.entries()]
      .sort(([ia, a], [ib, b]) => a[0] - b[0] || a[1] - b[1] || (ia < ib ? -1 : 1))
      .slice(0, limit)
      .map(([id]) => id)
    const byId = new Map((await this.listByIds(ids)).map((s) => [s.id, s]))
    return ids.map((id) => byId.get(id)).filter((s): s is Source => s !== undefined)
  }

  /** Alphabetical, live sources only. */
  async list(limit: number): Promise<Source[]> {
    const rows = await this.db
      .selectFrom('source')
      .selectAll()
      .where('merged_into', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(sourceRowToSource)
  }

  /** Names of `source` already taken by another live source. */
  async takenNames(source: Pick<Source, 'id' | 'name' | 'aliases'>): Promise<string[]> {
    const keys = namesOf(source).map(sourceKey)
    const rows = await this.db
      .selectFrom('source_name')
      .select('name_key')
      .where('name_key', 'in', keys)
      .where('source_id', '!=', source.id)
      .execute()
    return rows.map((r) => r.name_key)
  }

  async insert(source: Source): Promise<void> {
    await this.db.insertInto('source').values(sourceToRow(source)).execute()
    await this.writeNames(source)
  }

  /**
   * Restores an exported source as it was; names another live source already has stay with that
   * source (one name, one source), so the restored one is found by its other names and its id.
   */
  async insertImported(source: Source): Promise<void> {
    await this.db.insertInto('source').values(sourceToRow(source)).execute()
    if (source.mergedInto) return
    const free = new Set(
      namesOf(source)
        .map(sourceKey)
        .filter((k) => k),
    )
    for (const taken of await this.takenNames(source)) free.delete(taken)
    if (free.size > 0)
      await this.db
        .insertInto('source_name')
        .values([...free].map((name_key) => ({ name_key, source_id: source.id })))
        .execute()
  }

  /** Writes `source` only if the stored version is still `expectedVersion`; false when it moved. */
  async updateIfVersion(source: Source, expectedVersion: number): Promise<boolean> {
    const { id, ...fields } = sourceToRow(source)
    const result = await this.db
      .updateTable('source')
      .set(fields)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return false
    await this.writeNames(source)
    return true
  }

  /** The names index follows the source: none once merged away, otherwise its name and aliases. */
  private async writeNames(source: Source): Promise<void> {
    await this.db.deleteFrom('source_name').where('source_id', '=', source.id).execute()
    if (source.mergedInto) return
    const keys = namesOf(source).map(sourceKey)
    if (keys.length > 0)
      await this.db
        .insertInto('source_name')
        .values(keys.map((name_key) => ({ name_key, source_id: source.id })))
        .execute()
  }

  async insertRevision(revision: SourceRevision): Promise<void> {
    await this.db
      .insertInto('source_revision')
      .values({
        source_id: revision.snapshot.id,
        version: revision.version,
        snapshot: JSON.stringify(revision.snapshot),
        actor: revision.actor,
        created_at: revision.createdAt,
      })
      .execute()
  }

  async listRevisions(sourceId: string): Promise<SourceRevision[]> {
    const rows = await this.db
      .selectFrom('source_revision')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('version')
      .execute()
    return rows.map((row) => ({
      version: row.version,
      snapshot: JSON.parse(row.snapshot) as Source,
      actor: row.actor,
      createdAt: row.created_at,
    }))
  }
}
