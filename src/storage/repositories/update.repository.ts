/** @module storage/repositories/update — updates and their revisions, with cursor pagination. */
import type { Update, UpdateStatus } from '../../core/update.js'
import type { Executor } from '../db.js'
import type { StoryUpdateRow, StoryUpdateTable } from '../tables/update.table.js'

export const updateRowToUpdate = (row: StoryUpdateRow): Update => ({
  id: row.id,
  storyId: row.story_id,
  headline: row.headline,
  body: row.body,
  media: JSON.parse(row.media) as Update['media'],
  related: JSON.parse(row.related) as Update['related'],
  sources: JSON.parse(row.sources) as Update['sources'],
  pinned: Boolean(row.pinned),
  keyEvent: Boolean(row.key_event),
  status: row.status as UpdateStatus,
  author: row.author,
  ...(row.created_by ? { createdBy: row.created_by } : {}),
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
})

/** Newest-first ordering key: publication time once published, creation time while a draft. */
export const sortKeyOf = (update: Update): string => update.publishedAt ?? update.createdAt

const updateToRow = (u: Update): StoryUpdateTable => ({
  id: u.id,
  story_id: u.storyId,
  headline: u.headline,
  body: u.body,
  media: JSON.stringify(u.media),
  related: JSON.stringify(u.related),
  sources: JSON.stringify(u.sources),
  pinned: u.pinned ? 1 : 0,
  key_event: u.keyEvent ? 1 : 0,
  status: u.status,
  author: u.author,
  created_by: u.createdBy ?? null,
  version: u.version,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  published_at: u.publishedAt,
  edited_at: u.editedAt,
  deleted_at: u.deletedAt,
  sort_at: sortKeyOf(u),
})

/** A position in a newest-first list: the last item's sort key and id. */
export interface UpdateCursor {
  sortAt: string
  id: string
}

export interface UpdateRevision {
  version: number
  snapshot: Update
  actor: string
  createdAt: string
}

export class UpdateRepository {
  constructor(private readonly db: Executor) {}

  async findById(storyId: string, id: string): Promise<Update | undefined> {
    const row = await this.db
      .selectFrom('story_update')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row && updateRowToUpdate(row)
  }

  /** An update by id whatever its story (to check that a citation stays within a story). */
  async findAnyById(id: string): Promise<Update | undefined> {
    const row = await this.db
      .selectFrom('story_update')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && updateRowToUpdate(row)
  }

  /** One page, newest first, strictly after `cursor`. Fetches one extra row to know if more exist. */
  async listPage(
    storyId: string,
    statuses: UpdateStatus[],
    limit: number,
    cursor: UpdateCursor | undefined,
    filter: { pinned?: boolean } = {},
  ): Promise<{ items: Update[]; next: UpdateCursor | undefined }> {
    let query = this.db
      .selectFrom('story_update')
      .selectAll()
      .where('story_id', '=', storyId)
      .where('status', 'in', statuses)
    if (filter.pinned !== undefined) query = query.where('pinned', '=', filter.pinned ? 1 : 0)
    if (cursor) {
      query = query.where((eb) =>
        eb.or([
          eb('sort_at', '<', cursor.sortAt),
          eb.and([eb('sort_at', '=', cursor.sortAt), eb('id', '<', cursor.id)]),
        ]),
      )
    }
    const rows = await query
      .orderBy('sort_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute()
    const items = rows.slice(0, limit).map(updateRowToUpdate)
    const last = rows.length > limit ? rows[limit - 1] : undefined
    return { items, next: last && { sortAt: last.sort_at, id: last.id } }
  }

  async countByStatus(storyId: string, status: UpdateStatus): Promise<number> {
    const row = await this.db
      .selectFrom('story_update')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('story_id', '=', storyId)
      .where('status', '=', status)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async listAll(storyId: string): Promise<Update[]> {
    const rows = await this.db
      .selectFrom('story_update')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(updateRowToUpdate)
  }

  async insert(update: Update): Promise<void> {
    await this.db.insertInto('story_update').values(updateToRow(update)).execute()
  }

  /** Writes `update` only if the stored version is still `expectedVersion`; false when it moved. */
  async updateIfVersion(update: Update, expectedVersion: number): Promise<boolean> {
    // Who made an update never changes.
    const { id, story_id: _storyId, created_by: _createdBy, ...fields } = updateToRow(update)
    const result = await this.db
      .updateTable('story_update')
      .set(fields)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  async insertRevision(revision: UpdateRevision): Promise<void> {
    await this.db
      .insertInto('update_revision')
      .values({
        update_id: revision.snapshot.id,
        version: revision.version,
        snapshot: JSON.stringify(revision.snapshot),
        actor: revision.actor,
        created_at: revision.createdAt,
      })
      .execute()
  }

  async listRevisions(updateId: string): Promise<UpdateRevision[]> {
    const rows = await this.db
      .selectFrom('update_revision')
      .selectAll()
      .where('update_id', '=', updateId)
      .orderBy('version', 'asc')
      .execute()
    return rows.map((row) => ({
      version: row.version,
      snapshot: JSON.parse(row.snapshot) as Update,
      actor: row.actor,
      createdAt: row.created_at,
    }))
  }
}
