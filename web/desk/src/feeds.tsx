/** A story's feeds: what it follows and whether each works; editors add, check now and remove. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api, type Story, type User } from './api.js'
import { Link, errorText } from './util.js'
import './feeds.css'

/** A followed feed, as GET /api/v1/stories/:slug/feeds lists it. */
interface Feed {
  id: string
  url: string
  interval_seconds: number
  status: 'pending' | 'ok' | 'failing'
  last_error: string | null
  failures: number
  last_polled_at: string | null
  next_poll_at: string
  drafts_made: number
  created_by: string
  created_at: string
}

/** What POST …/feeds/:id/poll answers. */
interface PollReport {
  feed: string
  url: string
  status: 'new' | 'unchanged' | 'failed'
  drafts: number
  duplicates: number
  skipped: Array<{ item: string; code: string; message: string }>
  error?: { code: string; message: string }
  next_poll_at: string
}

/** How often the list is read again, so statuses follow the server's own polls. */
const REFRESH_MS = 30_000
const DEFAULT_MINUTES = 5

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

function When(props: { at: string | null; none: string }) {
  if (!props.at) return <span class="muted">{props.none}</span>
  return <time dateTime={props.at}>{new Date(props.at).toLocaleString()}</time>
}

function reportText(r: PollReport): string {
  if (r.status === 'failed')
    return `Could not read ${r.url}: ${r.error?.message ?? 'unknown error'}. It will be tried again later.`
  if (r.status === 'unchanged') return `Checked ${r.url}: nothing new since the last check.`
  const parts = [plural(r.drafts, 'new draft')]
  if (r.duplicates) parts.push(`${plural(r.duplicates, 'item')} taken before`)
  if (r.skipped.length) parts.push(`${plural(r.skipped.length, 'item')} skipped`)
  return `Checked ${r.url}: ${parts.join(', ')}.`
}

export function Feeds(props: { slug: string; user: User }) {
  const { slug, user } = props
  const isEditor = user.role !== 'contributor'
  const [story, setStory] = useState<Story | null>(null)
  const [feeds, setFeeds] = useState<Feed[] | null>(null)
  const [error, setError] = useState('')
  const [message, setMessage] = useState('')
  /** The feed being checked or removed, so its buttons wait. */
  const [busy, setBusy] = useState<string | null>(null)
  /** The feed whose removal waits for a yes. */
  const [confirming, setConfirming] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  const load = useCallback(async () => {
    const r = await api<{ items: Feed[] }>('GET', `/stories/${slug}/feeds`)
    setFeeds(r.items)
  }, [slug])

  useEffect(() => {
    api<Story>('GET', `/stories/${slug}`).then(setStory, (e) => setError(errorText(e)))
    load().catch((e) => setError(errorText(e)))
    const timer = setInterval(() => void load().catch(() => undefined), REFRESH_MS)
    return () => clearInterval(timer)
  }, [slug, load])

  const act = async (id: string, work: () => Promise<void>) => {
    setBusy(id)
    setError('')
    setMessage('')
    try {
      await work()
      await load()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  }

  const checkNow = (feed: Feed) =>
    act(feed.id, async () => {
      const report = await api<PollReport>('POST', `/stories/${slug}/feeds/${feed.id}/poll`)
      setMessage(reportText(report))
    })

  const remove = (feed: Feed) =>
    act(feed.id, async () => {
      await api('DELETE', `/stories/${slug}/feeds/${feed.id}`)
      setConfirming(null)
      setMessage(`Stopped following ${feed.url}. The drafts it made stay in the story.`)
      // The row and its buttons are gone: put focus somewhere that still exists.
      heading.current?.focus()
    })

  const title = story?.title ?? slug
  return (
    <section class="page feeds-page">
      <p class="back">
        <Link href={`/desk/stories/${slug}`}>← Back to {title}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Feeds <span class="muted">· {title}</span>
      </h1>
      <p class="muted intro">
        The server checks each feed on its own schedule and turns every new item into a draft update
        for this story, once. Drafts wait under “To review” in the story until an editor publishes
        them.
      </p>

      <p role="status" class="feed-message" data-testid="feed-message">
        {message}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}

      {feeds === null ? (
        !error && <p>Loading…</p>
      ) : feeds.length === 0 ? (
        <div class="empty" data-testid="feeds-empty">
          <p>
            <strong>No feeds yet.</strong> A feed is the RSS, Atom or JSON Feed address of a wire
            service, an agency or an official newsroom. Follow one and its new items arrive here as
            draft updates to review; nothing is published on its own.
          </p>
          <p>{isEditor ? 'Add the first one below.' : 'An editor can add one.'}</p>
        </div>
      ) : (
        <table class="feeds">
          <caption>Feeds this story follows</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Every</th>
              <th scope="col">Status</th>
              <th scope="col">Drafts made</th>
              <th scope="col">Last checked</th>
              <th scope="col">Next check</th>
              {isEditor && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.id} data-feed-url={f.url}>
                <th scope="row" class="url" id={`feed-${f.id}`}>
                  <a href={f.url} target="_blank" rel="noopener noreferrer">
                    {f.url}
                  </a>
                </th>
                <td>{formatInterval(f.interval_seconds)}</td>
                <td class={`feed-status ${f.status}`} data-testid="feed-status">
                  {f.status === 'ok' && 'OK'}
                  {f.status === 'pending' && 'Not checked yet'}
                  {f.status === 'failing' && (
                    <>
                      <strong>Failing ({plural(f.failures, 'failure')} in a row)</strong>
                      <br />
                      <span class="last-error">{f.last_error}</span>
                    </>
                  )}
                </td>
                <td data-testid="feed-drafts">{f.drafts_made}</td>
                <td>
                  <When at={f.last_polled_at} none="never" />
                </td>
                <td>
                  {Date.parse(f.next_poll_at) <= Date.now() ? (
                    'due now'
                  ) : (
                    <When at={f.next_poll_at} none="—" />
                  )}
                  {f.failures > 0 && <span class="muted"> (waiting longer after failures)</span>}
                </td>
                {isEditor && (
                  <td class="feed-actions">
                    {confirming === f.id ? (
                      <ConfirmRemove
                        feed={f}
                        busy={busy === f.id}
                        onYes={() => void remove(f)}
                        onNo={() => {
                          setConfirming(null)
                          // Back to the button that asked.
                          setTimeout(() => document.getElementById(`remove-${f.id}`)?.focus())
                        }}
                      />
                    ) : (
                      <>
                        <button
                          type="button"
                          class="quiet"
                          disabled={busy === f.id}
                          aria-describedby={`feed-${f.id}`}
                          onClick={() => void checkNow(f)}
                        >
                          {busy === f.id ? 'Checking…' : 'Check now'}
                        </button>
                        <button
                          type="button"
                          class="quiet danger"
                          id={`remove-${f.id}`}
                          disabled={busy === f.id}
                          aria-describedby={`feed-${f.id}`}
                          onClick={() => setConfirming(f.id)}
                        >
                          Remove
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {isEditor ? (
        <AddFeed
          slug={slug}
          onAdded={(feed) => {
            const known = feeds?.some((f) => f.id === feed.id)
            setError('')
            setMessage(
              known
                ? `This story already follows ${feed.url}.`
                : `Now following ${feed.url}. The first check runs within a few seconds; “Check now” runs it at once.`,
            )
            void load().catch((e) => setError(errorText(e)))
          }}
        />
      ) : (
        <p class="muted">Editors add and remove feeds; you can see what this story follows.</p>
      )}
    </section>
  )
}

function ConfirmRemove(props: { feed: Feed; busy: boolean; onYes: () => void; onNo: () => void }) {
  const yes = useRef<HTMLButtonElement>(null)
  useEffect(() => yes.current?.focus(), [])
  return (
    <div
      class="confirm"
      role="group"
      aria-label={`Remove ${props.feed.url}?`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onNo()
      }}
    >
      <span>Stop following it? Drafts it made stay.</span>{' '}
      <button
        type="button"
        class="danger-solid"
        ref={yes}
        disabled={props.busy}
        onClick={props.onYes}
      >
        Yes, remove
      </button>{' '}
      <button type="button" class="quiet" onClick={props.onNo}>
        Cancel
      </button>
    </div>
  )
}

function AddFeed(props: { slug: string; onAdded: (feed: Feed) => void }) {
  const [url, setUrl] = useState('')
  const [minutes, setMinutes] = useState(String(DEFAULT_MINUTES))
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  return (
    <section class="add-feed" aria-labelledby="add-feed-h">
      <h2 id="add-feed-h">Add a feed</h2>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault()
          void (async () => {
            setBusy(true)
            setError('')
            try {
              const feed = await api<Feed>('POST', `/stories/${props.slug}/feeds`, {
                body: { url: url.trim(), interval_seconds: Math.round(Number(minutes) * 60) },
              })
              setUrl('')
              props.onAdded(feed)
            } catch (err) {
              setError(errorText(err))
            } finally {
              setBusy(false)
              input.current?.focus()
            }
          })()
        }}
      >
        <label class="grow">
          Feed address
          <input
            ref={input}
            type="url"
            name="url"
            required
            placeholder="https://example.org/news.rss"
            aria-describedby="feed-url-hint"
            aria-invalid={error ? true : undefined}
            aria-errormessage={error ? 'add-feed-error' : undefined}
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <label class="interval">
          Check every (minutes)
          <input
            type="number"
            name="interval"
            required
            min={1}
            max={1440}
            step={1}
            value={minutes}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add feed'}
        </button>
      </form>
      <p id="feed-url-hint" class="muted hint">
        An RSS, Atom or JSON Feed address starting with http:// or https://. At least one minute
        between checks; a failing feed is retried less and less often, up to every six hours.
      </p>
      {error && (
        <p role="alert" class="error" id="add-feed-error">
          {error}
        </p>
      )}
    </section>
  )
}
