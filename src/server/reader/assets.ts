/** @module server/reader/assets — the reader's built CSS and scripts (vite output), held in memory with gzip copies. */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/** One servable file. */
export interface Asset {
  body: Buffer
  gzip: Buffer
  type: string
  etag: string
  /** Hashed names never change content, so browsers and CDNs may keep them for a year. */
  immutable: boolean
}

export interface ReaderAssets {
  /** Files by URL path. */
  files: Map<string, Asset>
  /** URL of the stylesheet. */
  css: string
  /** URL of the live script, when built. */
  liveScript: string | undefined
  /** URL of the claim page's script, when built. */
  claimScript: string | undefined
  /** Stable URL of the script other sites paste with an embed. */
  embedScript: string
  /** Changes whenever any asset changes; part of every page's ETag. */
  version: string
}

/** The project root, both from `src/server/reader` (tests) and `dist/server/reader` (built). */
const ROOT = path.resolve(import.meta.dirname, '../../..')
export const ASSET_PREFIX = '/assets/reader/'
const BUILT = path.join(ROOT, 'dist/web/reader')
const SOURCE = path.join(ROOT, 'web/reader')

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

interface ManifestChunk {
  file: string
  name?: string
  isEntry?: boolean
  src?: string
}

function asset(body: Buffer, file: string, immutable: boolean): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16)
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    etag: `"${hash}"`,
    immutable,
  }
}

/**
 * Loads the vite build from `dist/web/reader`. Without a build (unit and integration tests run
 * before one) the stylesheet comes from `web/reader` and pages render without the live script,
 * which is how they must work anyway.
 */
export function loadReaderAssets(): ReaderAssets {
  const files = new Map<string, Asset>()
  let css: string | undefined
  let liveScript: string | undefined
  let claimScript: string | undefined
  let embedScript: string | undefined
  const manifestFile = path.join(BUILT, '.vite/manifest.json')
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<
      string,
      ManifestChunk
    >
    for (const chunk of Object.values(manifest)) {
      const url = ASSET_PREFIX + chunk.file
      files.set(url, asset(fs.readFileSync(path.join(BUILT, chunk.file)), chunk.file, true))
      if (chunk.src?.endsWith('reader.css')) css = url
      if (chunk.src?.endsWith('/live.ts') || chunk.src === 'live.ts') liveScript = url
      if (chunk.src?.endsWith('claim-live.ts')) claimScript = url
      if (chunk.src?.endsWith('embed.ts')) embedScript = url
    }
  }
  if (!css) {
    const body = fs.readFileSync(path.join(SOURCE, 'reader.css'))
    const built = asset(body, 'reader.css', false)
    css = `${ASSET_PREFIX}reader.css?v=${built.etag.slice(1, 9)}`
    files.set(`${ASSET_PREFIX}reader.css`, built)
  }
  const logo = path.join(SOURCE, 'logo.svg')
  if (fs.existsSync(logo))
    files.set(`${ASSET_PREFIX}logo.svg`, asset(fs.readFileSync(logo), 'logo.svg', false))
  // Pasted into other sites' pages, so its URL must never change: serve the hashed file under a fixed name.
  const embed = embedScript && files.get(embedScript)
  if (embed) files.set('/embed.js', { ...embed, immutable: false })
  const version = createHash('sha256')
    .update([...files.values()].map((f) => f.etag).join(','))
    .digest('base64url')
    .slice(0, 10)
  return { files, css, liveScript, claimScript, embedScript: '/embed.js', version }
}
