/** @module server/reader/site — what every reader page and feed shares: config, assets, paging and the clock. */
import { createHash } from 'node:crypto'
import type { Config } from '../../config.js'
import type { Services } from '../../services/services.js'
import type { ReaderAssets } from './assets.js'
import type { Site } from './components/document.js'
import { RenderCache } from './http-cache.js'

export interface ReaderContext {
  services: Services
  config: Config
  assets: ReaderAssets
  site: Site
  /** Changes with assets and with any config a page shows; part of every ETag. */
  siteVersion: string
  cache: RenderCache
  /** Milliseconds since the epoch; injected so tests control relative times. */
  now: () => number
}

export function createReaderContext(
  services: Services,
  config: Config,
  assets: ReaderAssets,
  now: () => number = Date.now,
): ReaderContext {
  const site: Site = {
    publisherName: config.publisherName,
    publicUrl: config.publicUrl,
    logoUrl: config.publisherLogoUrl ?? `${config.publicUrl}/assets/reader/logo.svg`,
    css: assets.css,
    liveScript: assets.liveScript,
    claimScript: assets.claimScript,
    embedScript: assets.embedScript,
  }
  const siteVersion = createHash('sha1')
    .update(JSON.stringify([assets.version, site, config.timeZone, config.readerPageSize]))
    .digest('base64url')
    .slice(0, 12)
  return { services, config, assets, site, siteVersion, cache: new RenderCache(300), now }
}

/** Relative times on pages change every minute, so rendered pages are valid for that minute. */
export const minuteOf = (now: number): number => Math.floor(now / 60_000)
