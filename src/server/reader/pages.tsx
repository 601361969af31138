/** @module server/reader/pages — loads what each reader page shows (through services) and renders it. */
import { claimCard, type UpdateMark } from '../../core/claim-card.js'
import { publicAttribution, publicClaimSummary, type ClaimView } from '../../core/claim-shape.js'
import { chronological } from '../../core/claim.js'
import { markdownToText } from '../../core/markdown.js'
import { publicStory, publicUpdate, type PublicUpdate } from '../../core/public-shape.js'
import type { Story } from '../../core/story.js'
import type { Update } from '../../core/update.js'
import { decodeCursor, encodeCursor } from '../api/updates/updates.presenter.js'
import { absolute, Document } from './components/document.js'
import { ErrorPage, errorTitle } from './components/error-page.js'
import { HomePage, type StorySummary } from './components/home-page.js'
import { StoryPage, type StoryClaims } from './components/story-page.js'
import type { TimeContext } from './components/time-stamp.js'
import { HistoryPage, UpdatePage, type RevisionView } from './components/update-page.js'
import type { Rendered } from './http-cache.js'
import { liveBlogPosting, blogPosting } from './json-ld.js'
import { HTML_TYPE, renderDocument } from './render.js'
import type { ReaderContext } from './site.js'
import { paths, storyView, updateView } from './view.js'

/** The most key events the list shows, and how far back the story is scanned for them. */
const KEY_EVENT_SCAN = 200
const PINNED_LIMIT = 20
const EMBED_LIMIT = 10

const timeContext = (rc: ReaderContext, now: number): TimeContext => ({
  now,
  timeZone: rc.config.timeZone,
})

/** When the story last changed publicly: the time of its latest event. */
export async function lastChangeOf(rc: ReaderContext, story: Story): Promise<Date> {
  if (story.lastSeq === 0) return new Date(story.updatedAt)
  const [last] = await rc.services.events.listEvents(story.id, story.lastSeq - 1, story.lastSeq)
  return new Date(last?.at ?? story.updatedAt)
}

/** Cards of a story's live claims and the marks of the statements its updates reported. */
export function storyClaims(views: ClaimView[]): StoryClaims {
  const cards = []
  const marks: Record<string, UpdateMark[]> = {}
  for (const view of views) {
    if (view.claim.mergedInto) continue
    const statements = chronological(view.attributions).map((a) =>
      publicAttribution(a, view.sources.get(a.sourceId)),
    )
    cards.push(claimCard(publicClaimSummary(view), statements))
    for (const a of statements) {
      if (!a.update_id || a.withdrawn_at) continue
      ;(marks[a.update_id] ??= []).push({
        claimId: view.claim.id,
        quote: a.quote,
        proposition: view.claim.proposition,
        status: view.claim.status,
      })
    }
  }
  return { cards, marks }
}

/** The `<iframe>` and script another site pastes to embed the story. */
export function embedSnippet(rc: ReaderContext, story: Story): string {
  const src = absolute(rc.site, paths.embed(story.slug))
  const script = absolute(rc.site, rc.site.embedScript)
  const title = `Live: ${story.title}`.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)
  return (
    `<iframe src="${src}" title="${title}" data-sitrep-embed loading="lazy" ` +
    `style="width:100%;height:640px;border:0"></iframe>\n<script src="${script}" async></script>`
  )
}

/** The story page (head, or an older page after `before`) or its embed. */
export async function renderStoryPage(
  rc: ReaderContext,
  story: Story,
  options: { before?: string; embed?: boolean; now: number },
): Promise<Rendered> {
  const { services, config } = rc
  const slug = story.slug
  const cursor = decodeCursor(options.before)
  const isHead = cursor === undefined
  const embed = options.embed === true
  const [timelinePage, pinnedPage, scan, lastModified, ledger] = await Promise.all([
    services.updates.listUpdates(undefined, slug, {
      status: 'published',
      limit: embed ? EMBED_LIMIT : config.readerPageSize,
      cursor,
      // The embed is a plain newest-first list; the page shows pinned updates in their own place.
      ...(embed ? {} : { pinned: false }),
    }),
    isHead && !embed
      ? services.updates.listUpdates(undefined, slug, {
          status: 'published',
          limit: PINNED_LIMIT,
          pinned: true,
        })
      : undefined,
    isHead && !embed
      ? services.updates.listUpdates(undefined, slug, {
          status: 'published',
          limit: KEY_EVENT_SCAN,
        })
      : undefined,
    lastChangeOf(rc, story),
    embed ? undefined : services.claims.listClaims(slug),
  ])
  const current = timelinePage.story
  const toPublic = (u: Update): PublicUpdate => publicUpdate(u, slug)
  const pinned = (pinnedPage?.items ?? []).map(toPublic)
  const timeline = timelinePage.items.map(toPublic)
  const onPage = new Set([...pinned, ...timeline].map((u) => u.id))
  const keyEvents = (scan?.items ?? [])
    .filter((u) => u.keyEvent)
    .map((u) => ({
      id: u.id,
      slug,
      headline: u.headline,
      publishedAt: u.publishedAt ?? u.createdAt,
      onPage: onPage.has(u.id),
    }))
  const pub = publicStory(current)
  const view = storyView(pub, markdownToText(current.lead))
  const ctx = timeContext(rc, options.now)
  const next = embed ? undefined : encodeCursor(timelinePage.next)
  const olderHref = next ? `${paths.story(slug)}?before=${encodeURIComponent(next)}` : undefined
  const canonical = absolute(rc.site, paths.story(slug))
  const shown = [...pinned, ...timeline]
  const image = shown.flatMap((u) => updateView(u).figures).map((f) => absolute(rc.site, f.src))[0]
  const page = (
    <Document
      site={rc.site}
      live
      embed={embed}
      meta={{
        title: isHead ? `${current.title} — live updates` : `${current.title} — older updates`,
        description: view.leadText || `Live updates: ${current.title}`,
        canonical: isHead ? canonical : undefined,
        ogType: 'article',
        image,
        noindex: embed || !isHead,
        alternates: [
          {
            type: 'application/atom+xml',
            href: paths.atom(slug),
            title: `${current.title} (Atom)`,
          },
          {
            type: 'application/feed+json',
            href: paths.json(slug),
            title: `${current.title} (JSON Feed)`,
          },
        ],
        jsonLd: embed
          ? undefined
          : liveBlogPosting(rc.site, pub, shown, lastModified.toISOString()),
      }}
    >
      <StoryPage
        story={view}
        ctx={ctx}
        pinned={pinned.map(updateView)}
        timeline={timeline.map(updateView)}
        keyEvents={keyEvents}
        olderHref={olderHref}
        isHead={isHead}
        embed={embed}
        embedSnippet={embed ? undefined : embedSnippet(rc, current)}
        storyUrl={canonical}
        claims={ledger && storyClaims(ledger.views)}
      />
    </Document>
  )
  return { body: renderDocument(page), type: HTML_TYPE, etag: '', lastModified }
}

/** An update's own page. */
export async function renderUpdatePage(
  rc: ReaderContext,
  slug: string,
  id: string,
  now: number,
): Promise<Rendered> {
  const { story, update } = await rc.services.updates.getUpdate(undefined, slug, id)
  const pub = publicUpdate(update, slug)
  const view = updateView(pub)
  const sv = storyView(publicStory(story), markdownToText(story.lead))
  const page = (
    <Document
      site={rc.site}
      meta={{
        title: `${update.headline} — ${story.title}`,
        description: markdownToText(update.body) || story.title,
        canonical: absolute(rc.site, paths.update(slug, id)),
        ogType: 'article',
        image: view.figures[0] && absolute(rc.site, view.figures[0].src),
        jsonLd: { '@context': 'https://schema.org', ...blogPosting(rc.site, pub) },
      }}
    >
      <UpdatePage story={sv} update={view} ctx={timeContext(rc, now)} />
    </Document>
  )
  return {
    body: renderDocument(page),
    type: HTML_TYPE,
    etag: '',
    lastModified: new Date(update.updatedAt),
  }
}

const contentOf = (u: Update): string =>
  JSON.stringify([u.headline, u.body, u.media, u.related, u.sources])

/** Every published version of an update, newest first; flag-only changes are left out. */
export async function renderHistoryPage(
  rc: ReaderContext,
  story: Story,
  id: string,
  now: number,
): Promise<Rendered> {
  const revisions = await rc.services.updates.listRevisions(undefined, story.slug, id)
  const kept: RevisionView[] = []
  let previous = ''
  for (const r of [...revisions].sort((a, b) => a.version - b.version)) {
    if (r.snapshot.status !== 'published') continue
    const content = contentOf(r.snapshot)
    if (content === previous) continue
    previous = content
    kept.push({
      version: r.version,
      at: r.createdAt,
      update: updateView(publicUpdate(r.snapshot, story.slug)),
    })
  }
  kept.reverse()
  const sv = storyView(publicStory(story), markdownToText(story.lead))
  const page = (
    <Document
      site={rc.site}
      meta={{
        title: `History: ${kept[0]?.update.headline ?? 'update'} — ${story.title}`,
        description: `Published versions of an update in ${story.title}`,
        noindex: true,
      }}
    >
      <HistoryPage story={sv} revisions={kept} ctx={timeContext(rc, now)} />
    </Document>
  )
  const last = revisions.reduce(
    (max, r) => (r.createdAt > max ? r.createdAt : max),
    story.createdAt,
  )
  return { body: renderDocument(page), type: HTML_TYPE, etag: '', lastModified: new Date(last) }
}

/** Live stories first, then recent ones, each with its lead and last update time. */
export async function renderHomePage(
  rc: ReaderContext,
  stories: Story[],
  now: number,
): Promise<Rendered> {
  const summaries: StorySummary[] = await Promise.all(
    stories.map(async (story) => {
      const { items } = await rc.services.updates.listUpdates(undefined, story.slug, {
        status: 'published',
        limit: 1,
      })
      const latest = items[0]?.publishedAt
      return {
        slug: story.slug,
        title: story.title,
        leadText: markdownToText(story.lead),
        status: story.status,
        developing: story.developing,
        lastUpdateAt: latest && latest > story.updatedAt ? latest : story.updatedAt,
      }
    }),
  )
  summaries.sort((a, b) => (a.lastUpdateAt < b.lastUpdateAt ? 1 : -1))
  const page = (
    <Document
      site={rc.site}
      meta={{
        title: `${rc.site.publisherName} — live coverage`,
        description: `Live coverage by ${rc.site.publisherName}`,
        canonical: absolute(rc.site, '/'),
      }}
    >
      <HomePage stories={summaries} ctx={timeContext(rc, now)} />
    </Document>
  )
  const lastModified = summaries.reduce(
    (max, s) => (s.lastUpdateAt > max ? s.lastUpdateAt : max),
    new Date(0).toISOString(),
  )
  return {
    body: renderDocument(page),
    type: HTML_TYPE,
    etag: '',
    lastModified: new Date(lastModified),
  }
}

/** A friendly error page in the reader's design. */
export function renderErrorPage(
  rc: ReaderContext,
  status: number,
  requestId: string,
  back?: { href: string; text: string },
): Buffer {
  return renderDocument(
    <Document
      site={rc.site}
      meta={{ title: errorTitle(status), description: errorTitle(status), noindex: true }}
    >
      <ErrorPage status={status} requestId={requestId} back={back} />
    </Document>,
  )
}
