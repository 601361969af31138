/** @module server/api/updates/updates.presenter — cursors and revision lists as the API shows them. */
import { publicUpdate } from '../../../core/public-shape.js'
import { AppError } from '../../../errors.js'
import type {
  UpdateCursor,
  UpdateRevision,
} from '../../../storage/repositories/update.repository.js'

/** Opaque to clients: base64url of [sortAt, id]. */
export const encodeCursor = (cursor: UpdateCursor | undefined): string | null =>
  cursor ? Buffer.from(JSON.stringify([cursor.sortAt, cursor.id])).toString('base64url') : null

export function decodeCursor(raw: string | undefined): UpdateCursor | undefined {
  if (!raw) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { sortAt: value[0], id: value[1] }
    }
  } catch {
    // fall through to the error
  }
  throw new AppError(
    'REQUEST_VALIDATION_FAILED',
    'querystring.cursor is not a cursor this server issued',
    {
      part: 'querystring',
      field: 'cursor',
    },
  )
}

export const presentRevision = (revision: UpdateRevision, slug: string) => ({
  version: revision.version,
  actor: revision.actor,
  created_at: revision.createdAt,
  // A revision shows its content even when it records the deletion, so the history stays complete.
  update: {
    ...publicUpdate({ ...revision.snapshot, status: 'published' }, slug),
    status: revision.snapshot.status,
  },
})
