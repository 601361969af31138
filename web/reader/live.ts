/** @module web/reader/live — the reader's live script: follows the story's event stream and applies each change in place. */
import type { UpdateMark, ClaimCard } from '../../src/core/claim-card.js'
import type { PublicStory, PublicUpdate } from '../../src/core/public-shape.js'
import { KeyEventItem, StoryHead } from '../../src/server/reader/components/story-parts.js'
import { UpdateCard } from '../../src/server/reader/components/update-card.js'
import { formatClock, formatFull, formatRelative } from '../../src/server/reader/time-format.js'
import { paths, storyView, updateView } from '../../src/server/reader/view.js'
import { byId, ctx, toElement } from './dom.js'
import type { ClaimMessage } from './live-claims.js'

/** What the stream sends (`data:` of each SSE message; the `id:` is `seq`). */
type StreamMessage =
  | {
      type: 'update.published' | 'update.edited' | 'update.deleted' | 'update.pinned'
      seq: number
      update: PublicUpdate
    }
  | { type: 'story.updated'; seq: number; story: PublicStory }
  | ClaimMessage
  | { type: 'reset'; seq: number }

function localiseTimes(scope: ParentNode): void {
  const now = Date.now()
  for (const time of scope.querySelectorAll<HTMLTimeElement>('time.ts')) {
    const iso = time.dateTime
    const clock = time.querySelector('.clock')
    const rel = time.querySelector('.rel')
    if (clock) clock.textContent = formatClock(iso, now)
    if (rel) {
      const words = formatRelative(iso, now)
      rel.textContent = words ? ` · ${words}` : ''
    }
    time.title = formatFull(iso)
  }
}

function start(root: HTMLElement): void {
  const slug = root.dataset.slug ?? ''
  const isHead = root.dataset.head === 'true'
  const embed = root.dataset.embed === 'true'
  let lastSeq = Number(root.dataset.lastEventId ?? '0') || 0
  const timeline = byId('timeline')
  if (!slug || !timeline) return
  const pinnedBox = byId('pinned')
  const pinnedSection = byId('pinned-section')
  const keyList = byId('key-events')
  const newButton = byId<HTMLButtonElement>('new-updates')
  const announcer = byId('announcer')
  const status = byId('live-status')
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)')
  let baseTitle = document.title
  /** Updates that arrived while the reader was further down, oldest first. */
  const pending = new Map<string, PublicUpdate>()

  const announce = (text: string): void => {
    if (announcer) announcer.textContent = text
  }
  const setStatus = (state: 'live' | 'reconnecting'): void => {
    if (!status) return
    status.hidden = false
    status.dataset.state = state
    status.textContent =
      state === 'live' ? 'Live: new updates appear automatically' : 'Reconnecting…'
  }

  /** The reader sees the top of the updates: inserting there moves nothing they are reading. */
  const atTop = (): boolean => {
    const first = pinnedSection && !pinnedSection.hidden ? pinnedSection : timeline
    return first.getBoundingClientRect().top >= 0
  }

  const hasOlderPages = (): boolean => root.querySelector('.load-older') !== null

  const syncSections = (): void => {
    if (pinnedSection && pinnedBox) pinnedSection.hidden = pinnedBox.children.length === 0
    const keyNav = keyList?.closest('nav')
    if (keyNav && keyList) keyNav.hidden = keyList.children.length === 0
    if (timeline.children.length > 0 || (pinnedBox?.children.length ?? 0) > 0)
      byId('empty')?.remove()
  }

  /** Inserts a card newest first by publication time; false when it belongs on an older page. */
  const insertSorted = (
    container: HTMLElement,
    card: HTMLElement,
    publishedAt: string,
  ): boolean => {
    for (const sibling of container.children) {
      const at = (sibling as HTMLElement).dataset.published ?? ''
      if (at < publishedAt) {
        container.insertBefore(card, sibling)
        return true
      }
    }
    if (container === timeline && hasOlderPages() && container.children.length > 0) return false
    container.append(card)
    return true
  }

  const syncKeyEvent = (update: PublicUpdate): void => {
    if (!keyList) return
    const existing = byId(paths.keyAnchor(update.id))
    if (!update.key_event || update.status === 'deleted') {
      existing?.remove()
    } else {
      const item = toElement(
        KeyEventItem({
          update: updateView(update),
          ctx: ctx(),
          onPage: byId(paths.anchor(update.id)) !== null,
        }),
      )
      if (existing) existing.replaceWith(item)
      else insertSorted(keyList, item, update.published_at ?? update.created_at)
    }
    syncSections()
  }

  /** Puts an update where it belongs (pinned box or timeline), replacing its old card. */
  const place = (update: PublicUpdate, fresh: boolean): HTMLElement | undefined => {
    const existing = byId(paths.anchor(update.id))
    const card = toElement(
      UpdateCard({ update: updateView(update), ctx: ctx(), marks: marks[update.id] }),
    )
    const container = update.pinned && pinnedBox ? pinnedBox : timeline
    if (existing && existing.parentElement === container) existing.replaceWith(card)
    else {
      existing?.remove()
      if (!insertSorted(container, card, update.published_at ?? update.created_at)) return undefined
    }
    if (fresh) card.classList.add('is-new')
    syncKeyEvent(update)
    return card
  }

  // The claims ledger: cards and marks as the server rendered them.
  const claimsData = byId('claims-data')
  const ledger = claimsData
    ? (JSON.parse(claimsData.textContent ?? '{}') as {
        cards: ClaimCard[]
        marks: Record<string, UpdateMark[]>
      })
    : undefined
  const marks = ledger?.marks ?? {}
  /** The claims part, fetched where the story has claims or when its first one arrives. */
  let claims: Promise<(message: ClaimMessage) => void> | undefined
  const loadClaims = () =>
    (claims ??= import('./live-claims.js').then((m) =>
      m.startClaims(root, slug, ledger?.cards ?? [], announce),
    ))
  if (ledger?.cards.length) void loadClaims()

  const updatePendingUi = (): void => {
    const n = pending.size
    document.title = n > 0 ? `(${n}) ${baseTitle}` : baseTitle
    if (!newButton) return
    newButton.hidden = n === 0
    newButton.textContent = isHead
      ? `${n} new update${n === 1 ? '' : 's'} — show`
      : `${n} new update${n === 1 ? '' : 's'} — go to the latest`
  }

  const flush = (scroll: boolean): void => {
    if (!isHead) {
      window.location.assign(paths.story(slug))
      return
    }
    let newest: HTMLElement | undefined
    for (const update of pending.values()) newest = place(update, true) ?? newest
    pending.clear()
    updatePendingUi()
    if (scroll && newest) {
      newest.scrollIntoView({ behavior: reduceMotion.matches ? 'auto' : 'smooth', block: 'start' })
      newest.focus({ preventScroll: true })
    }
  }

  const onUpdate = (type: StreamMessage['type'], update: PublicUpdate): void => {
    const id = update.id
    if (type === 'update.deleted' || update.status === 'deleted') {
      const wasPending = pending.delete(id)
      const card = byId(paths.anchor(id))
      // Keep keyboard focus on the page when the focused update disappears.
      if (card?.contains(document.activeElement)) timeline.focus()
      card?.remove()
      syncKeyEvent(update)
      if (wasPending) updatePendingUi()
      else if (card) announce('An update was removed.')
      return
    }
    if (pending.has(id)) {
      pending.set(id, update)
      return
    }
    const shown = byId(paths.anchor(id)) !== null
    if (shown || type !== 'update.published') {
      // Edits and flag changes apply in place; a newly pinned update also appears on the head page.
      if (shown || (isHead && update.pinned)) place(update, false)
      else syncKeyEvent(update)
      return
    }
    if (isHead && atTop()) {
      place(update, true)
      announce(`New update: ${update.headline}`)
    } else {
      pending.set(id, update)
      updatePendingUi()
      announce(`${pending.size} new update${pending.size === 1 ? '' : 's'} above.`)
    }
  }

  const apply = (message: StreamMessage): void => {
    if (message.type === 'reset') {
      // Too much was missed to replay: the page itself is the fresh state.
      window.location.reload()
      return
    }
    if (message.type === 'story.updated') {
      const head = byId('story-head')
      head?.replaceWith(toElement(StoryHead({ story: storyView(message.story), ctx: ctx() })))
      if (isHead && !embed) baseTitle = `${message.story.title} — live updates`
      updatePendingUi()
      announce('The summary at the top was updated.')
      return
    }
    // Promise callbacks run in the order they were added, so claim messages keep theirs.
    if ('claim' in message) void loadClaims().then((onClaim) => onClaim(message))
    else onUpdate(message.type, message.update)
  }

  // The stream: resume from the event the page was rendered at, so nothing in between is lost.
  let source: EventSource | undefined
  let backoff = 1000
  const connect = (): void => {
    const es = new EventSource(`${paths.events(slug)}?lastEventId=${lastSeq}`)
    source = es
    es.onopen = () => {
      backoff = 1000
      setStatus('live')
    }
    es.onmessage = (event: MessageEvent<string>) => {
      let message: StreamMessage
      try {
        message = JSON.parse(event.data) as StreamMessage
      } catch {
        return
      }
      if (message.type !== 'reset' && message.seq <= lastSeq) return
      apply(message)
      if (message.type !== 'reset') lastSeq = message.seq
    }
    es.onerror = () => {
      setStatus('reconnecting')
      // The browser retries network errors itself; after an HTTP error it gives up, so we retry.
      if (es.readyState === EventSource.CLOSED) {
        es.close()
        window.setTimeout(connect, backoff)
        backoff = Math.min(backoff * 2, 30_000)
      }
    }
  }

  newButton?.addEventListener('click', () => flush(true))
  let ticking = false
  window.addEventListener(
    'scroll',
    () => {
      if (ticking || pending.size === 0 || !isHead) return
      ticking = true
      window.requestAnimationFrame(() => {
        ticking = false
        if (atTop()) flush(false)
      })
    },
    { passive: true },
  )

  // "Load older" without leaving the page; the link still works as a plain link.
  root.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a.load-older')
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    const pager = link.closest('nav')
    link.setAttribute('aria-busy', 'true')
    fetch(link.href, { headers: { accept: 'text/html' } })
      .then((res) => (res.ok ? res.text() : Promise.reject(new Error(String(res.status)))))
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, 'text/html')
        const older = doc.getElementById('timeline')
        let first: HTMLElement | undefined
        for (const card of older ? [...older.children] : []) {
          if (byId(card.id)) continue
          const adopted = document.importNode(card, true) as HTMLElement
          timeline.append(adopted)
          first ??= adopted
        }
        localiseTimes(timeline)
        const next = doc.querySelector('a.load-older')
        if (next && pager) link.replaceWith(document.importNode(next, true))
        else pager?.remove()
        first?.focus({ preventScroll: true })
      })
      .catch(() => window.location.assign(link.href))
  })

  if (embed && window.parent !== window) {
    // The host page's embed script sets the iframe's height from this.
    const post = (): void =>
      window.parent.postMessage(
        { sitrep: 'resize', slug, height: document.documentElement.scrollHeight },
        '*',
      )
    new ResizeObserver(post).observe(document.body)
    post()
  }

  localiseTimes(document)
  window.setInterval(() => localiseTimes(document), 30_000)
  timeline.tabIndex = -1
  connect()
  window.addEventListener('pagehide', () => source?.close())
}

const root = document.querySelector<HTMLElement>('main[data-live-story]')
if (root && 'EventSource' in window) start(root)
