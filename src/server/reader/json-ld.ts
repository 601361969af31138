/** @module server/reader/json-ld — schema.org LiveBlogPosting for a story, BlogPosting for each update. */
import { markdownToText } from '../../core/markdown.js'
import type { PublicStory, PublicUpdate } from '../../core/public-shape.js'
import { absolute, type Site } from './components/document.js'
import { safeUrl } from './safe-url.js'
import { paths } from './view.js'

/** A BlogPosting for one update; `articleBody` is plain text of the Markdown. */
export function blogPosting(site: Site, update: PublicUpdate): Record<string, unknown> {
  const url = absolute(site, paths.update(update.story, update.id))
  const images = update.media.flatMap((m) => {
    const src = safeUrl(m.url)
    return src ? [absolute(site, src)] : []
  })
  return {
    '@type': 'BlogPosting',
    '@id': url,
    url,
    headline: update.headline,
    articleBody: markdownToText(update.body),
    datePublished: update.published_at ?? update.created_at,
    dateModified: update.edited_at ?? update.published_at ?? update.updated_at,
    author: update.author
      ? { '@type': 'Person', name: update.author }
      : { '@type': 'Organization', name: site.publisherName },
    ...(images.length > 0 ? { image: images } : {}),
  }
}

/**
 * The story as a LiveBlogPosting. `coverageEndTime` appears only once the story has ended.
 * Serialise with `serializeJsonLd`, which escapes `<` so no text can close the script element.
 */
export function liveBlogPosting(
  site: Site,
  story: PublicStory,
  updates: PublicUpdate[],
  lastModified: string,
): Record<string, unknown> {
  const url = absolute(site, paths.story(story.slug))
  return {
    '@context': 'https://schema.org',
    '@type': 'LiveBlogPosting',
    '@id': url,
    url,
    mainEntityOfPage: url,
    headline: story.title,
    description: markdownToText(story.lead),
    datePublished: story.created_at,
    dateModified: lastModified,
    coverageStartTime: story.created_at,
    ...(story.status === 'ended' ? { coverageEndTime: story.updated_at } : {}),
    publisher: {
      '@type': 'Organization',
      name: site.publisherName,
      logo: { '@type': 'ImageObject', url: site.logoUrl },
    },
    liveBlogUpdate: updates.map((u) => blogPosting(site, u)),
  }
}
