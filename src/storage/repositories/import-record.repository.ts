/** @module storage/repositories/import-record — claims and completes import records. */
import type { Executor } from '../db.js'
import type { ImportRecordRow } from '../tables/import-record.table.js'

export interface ImportRecord {
  storyId: string
  contentHash: string
  updateId: string | null
  role: string
  origin: string
  actor: string
  createdAt: string
}

const rowToRecord = (row: ImportRecordRow): ImportRecord => ({
  storyId: row.story_id,
  contentHash: row.content_hash,
  updateId: row.update_id,
  role: row.role,
  origin: row.origin,
  actor: row.actor,
  createdAt: row.created_at,
})

export class ImportRecordRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts the record unless the story already has one for this hash; true when this call won. */
  async claim(record: ImportRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('import_record')
      .values({
        story_id: record.storyId,
        content_hash: record.contentHash,
        update_id: record.updateId,
        role: record.role,
        origin: record.origin,
        actor: record.actor,
        created_at: record.createdAt,
      })
      .onConflict((oc) => oc.columns(['story_id', 'content_hash']).doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
  }

  async complete(storyId: string, contentHash: string, updateId: string): Promise<void> {
    await this.db
      .updateTable('import_record')
      .set({ update_id: updateId })
      .where('story_id', '=', storyId)
      .where('content_hash', '=', contentHash)
      .execute()
  }

  async release(storyId: string, contentHash: string): Promise<void> {
    await this.db
      .deleteFrom('import_record')
      .where('story_id', '=', storyId)
      .where('content_hash', '=', contentHash)
      .where('update_id', 'is', null)
      .execute()
  }

  async find(storyId: string, contentHash: string): Promise<ImportRecord | undefined> {
    const row = await this.db
      .selectFrom('import_record')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('content_hash', '=', contentHash)
      .executeTakeFirst()
    return row && rowToRecord(row)
  }

  /** Every record of a story, for exports: a restored story still knows what it imported. */
  async listByStory(storyId: string): Promise<ImportRecord[]> {
    const rows = await this.db
      .selectFrom('import_record')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('created_at')
      .orderBy('content_hash')
      .execute()
    return rows.map(rowToRecord)
  }
}
