/** @module services/media — image uploads: checked by content, decoded under a pixel limit, stored resized. */
import fs from 'node:fs/promises'
import path from 'node:path'
import sharp, { type Metadata } from 'sharp'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import { MediaRepository, type MediaAsset } from '../storage/repositories/media.repository.js'
import type { ActionContext, Actions } from './action.js'
import { newId } from './ids.js'
import type { Clock } from './services.js'
import { assertCan } from './story.service.js'

export interface MediaOptions {
  /** Folder the resized copies are written to: `<dir>/<id>/w<width>.webp`. */
  dir: string
  /** Largest accepted file in bytes. */
  maxBytes: number
  /** Largest accepted width × height: a small file may claim a huge canvas (a decompression bomb). */
  maxPixels: number
  /**
   * Images decoded at once (default 2). Each decode of a large image takes its full pixel buffer,
   * so parallel uploads would otherwise add up; uploads beyond these wait in a short line.
   */
  maxConcurrentDecodes?: number
}

/** Uploads that may wait for a decode slot, per slot; beyond that the server is busy (503). */
const WAITING_PER_DECODE = 4

/**
 * A small semaphore with a bounded line: at most `limit` jobs run at once, at most `maxWaiting`
 * wait for their turn in arrival order, and any more are refused at once with `MEDIA_BUSY`.
 */
export class DecodeQueue {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting)
        throw new AppError(
          'MEDIA_BUSY',
          `${this.active + this.waiting.length} images are being processed; try again in a few seconds`,
          { running: this.active, waiting: this.waiting.length },
        )
      // The slot is handed over by the job that ends, so `active` never drops in between.
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else this.active++
    try {
      return await job()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}

/** Widths of the resized copies; an image narrower than one gets a copy at its own width instead. */
export const MEDIA_WIDTHS = [400, 800, 1600] as const

type Accepted = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp'

/**
 * What the first bytes say a file is. Only the four accepted image types are identified as such;
 * a few common impostors are named so the refusal can say what was sent.
 */
export function sniffType(bytes: Uint8Array): Accepted | { refused: string } {
  const b = (i: number) => bytes[i] ?? -1
  const ascii = (start: number, text: string) =>
    [...text].every((ch, i) => b(start + i) === ch.charCodeAt(0))
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg'
  if (ascii(0, '\x89PNG\r\n\x1a\n')) return 'image/png'
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif'
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp'
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase()
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))
    return { refused: 'an SVG drawing (SVG can carry scripts, so it is never accepted)' }
  if (head.startsWith('<')) return { refused: 'an HTML or XML document' }
  if (ascii(0, 'MZ')) return { refused: 'a Windows program' }
  if (ascii(0, '\x7fELF')) return { refused: 'a Linux program' }
  if (ascii(0, '%PDF')) return { refused: 'a PDF document' }
  if (ascii(0, 'PK\x03\x04')) return { refused: 'a ZIP archive' }
  return { refused: 'not a JPEG, PNG, GIF or WebP image' }
}

export class MediaService {
  private readonly decodes: DecodeQueue

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly actions: Actions,
    private readonly options: MediaOptions,
  ) {
    const limit = options.maxConcurrentDecodes ?? 2
    this.decodes = new DecodeQueue(limit, limit * WAITING_PER_DECODE)
  }

  get maxBytes(): number {
    return this.options.maxBytes
  }

  /**
   * Validates and stores an upload; the original bytes are never served, only re-encoded copies.
   * The copies are written first (decoding is slow and must not hold a transaction open), then
   * the asset and its `media.upload` audit row commit together; if they do not, the copies go.
   */
  async uploadImage(ctx: ActionContext, bytes: Buffer, fileName = ''): Promise<MediaAsset> {
    assertCan(ctx.actor, 'media.upload')
    const name = fileName ? `"${fileName.slice(0, 100)}"` : 'The file'
    if (bytes.length > this.options.maxBytes)
      throw new AppError(
        'MEDIA_TOO_LARGE',
        `${name} has ${bytes.length} bytes; the limit is ${this.options.maxBytes}`,
      )
    if (bytes.length === 0) throw new AppError('MEDIA_UNREADABLE', `${name} is empty`)
    const type = sniffType(bytes)
    if (typeof type !== 'string')
      throw new AppError(
        'MEDIA_UNSUPPORTED_TYPE',
        `${name} is ${type.refused}; upload a JPEG, PNG, GIF or WebP image`,
        {
          detected: type.refused,
        },
      )
    // Read the header first: the claimed size is checked before a single pixel is decoded.
    let meta: Metadata
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata()
    } catch (error) {
      throw new AppError(
        'MEDIA_UNREADABLE',
        `${name} looks like ${type} but cannot be read`,
        undefined,
        {
          cause: error,
        },
      )
    }
    const width = meta.width ?? 0
    const height = meta.height ?? 0
    if (meta.format && `image/${meta.format}` !== type)
      throw new AppError(
        'MEDIA_UNREADABLE',
        `${name} starts like ${type} but decodes as ${meta.format}`,
      )
    if (width * height > this.options.maxPixels || width * height === 0)
      throw new AppError(
        'MEDIA_TOO_MANY_PIXELS',
        `${name} is ${width} × ${height} pixels; the limit is ${this.options.maxPixels} pixels in all`,
        { width, height, max_pixels: this.options.maxPixels },
      )
    const { id, variants } = await this.decodes.run(() =>
      this.storeVariants(bytes, width, name, type),
    )
    try {
      return await this.actions.run(ctx, async (action) => {
        const asset: MediaAsset = {
          id,
          sourceType: type,
          width,
          height,
          bytes: bytes.length,
          variants,
          uploadedBy: action.actor.name,
          createdAt: action.at,
        }
        await new MediaRepository(action.trx).insert(asset)
        await action.audit({
          action: 'media.upload',
          targetType: 'media',
          targetId: asset.id,
          after: {
            file_name: fileName,
            type: asset.sourceType,
            width: asset.width,
            height: asset.height,
          },
        })
        return asset
      })
    } catch (error) {
      await fs.rm(path.join(this.options.dir, id), { recursive: true, force: true })
      throw error
    }
  }

  /** Decodes the image once and writes its resized copies; nothing is left behind on failure. */
  private async storeVariants(
    bytes: Buffer,
    width: number,
    name: string,
    type: Accepted,
  ): Promise<{ id: string; variants: number[] }> {
    const id = newId(this.clock().getTime())
    const dir = path.join(this.options.dir, id)
    await fs.mkdir(dir, { recursive: true })
    const variants: number[] = []
    try {
      // Decode once, under the pixel limit (sharp checks it too), fully: a truncated file fails here.
      const decoded = sharp(bytes, {
        limitInputPixels: this.options.maxPixels,
        failOn: 'error',
        animated: false,
      }).rotate()
      const wanted = [...new Set(MEDIA_WIDTHS.map((w) => Math.min(w, width)))]
      for (const w of wanted) {
        // Re-encoding drops metadata (EXIF GPS positions included) and anything hidden in the file.
        await decoded
          .clone()
          .resize({ width: w, withoutEnlargement: true })
          .webp({ quality: 82 })
          .toFile(path.join(dir, `w${w}.webp`))
        variants.push(w)
      }
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true })
      throw new AppError('MEDIA_UNREADABLE', `${name} could not be decoded as ${type}`, undefined, {
        cause: error,
      })
    }
    return { id, variants }
  }

  /** The path of a stored copy, or undefined. */
  async filePath(id: string, width: number): Promise<string | undefined> {
    if (!/^[0-9a-z]{17}$/.test(id)) return undefined
    const asset = await new MediaRepository(this.db.kysely).findById(id)
    if (!asset || !asset.variants.includes(width)) return undefined
    return path.join(this.options.dir, id, `w${width}.webp`)
  }
}
