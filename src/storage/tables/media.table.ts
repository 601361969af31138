/** @module storage/tables/media — `media_asset`: uploaded images and their resized copies on disk. */
import type { Selectable } from 'kysely'

export interface MediaAssetTable {
  id: string
  /** Detected from the bytes, never from the file name: image/jpeg, image/png, image/gif, image/webp. */
  source_type: string
  width: number
  height: number
  bytes: number
  /** JSON array of widths that were written as `w<width>.webp`. */
  variants: string
  uploaded_by: string
  created_at: string
}
export type MediaAssetRow = Selectable<MediaAssetTable>
