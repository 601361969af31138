/** @module storage/repositories/media — metadata of uploaded images (the files live under SITREP_DATA/media). */
import type { Executor } from '../db.js'
import type { MediaAssetRow } from '../tables/media.table.js'

export interface MediaAsset {
  id: string
  sourceType: string
  width: number
  height: number
  bytes: number
  variants: number[]
  uploadedBy: string
  createdAt: string
}

const rowToAsset = (row: MediaAssetRow): MediaAsset => ({
  id: row.id,
  sourceType: row.source_type,
  width: Number(row.width),
  height: Number(row.height),
  bytes: Number(row.bytes),
  variants: JSON.parse(row.variants) as number[],
  uploadedBy: row.uploaded_by,
  createdAt: row.created_at,
})

export class MediaRepository {
  constructor(private readonly db: Executor) {}

  async insert(asset: MediaAsset): Promise<void> {
    await this.db
      .insertInto('media_asset')
      .values({
        id: asset.id,
        source_type: asset.sourceType,
        width: asset.width,
        height: asset.height,
        bytes: asset.bytes,
        variants: JSON.stringify(asset.variants),
        uploaded_by: asset.uploadedBy,
        created_at: asset.createdAt,
      })
      .execute()
  }

  async findById(id: string): Promise<MediaAsset | undefined> {
    const row = await this.db
      .selectFrom('media_asset')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && rowToAsset(row)
  }
}
