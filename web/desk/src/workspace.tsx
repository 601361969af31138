/** A story's workspace: lead and status, the composer, the live column, drafts to review, presence. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, api, ifMatch, type Revision, type Story, type Update, type User } from './api.js'
import { ClaimFromSelection, Ledger, selectionIn } from './claims.js'
import { diffWords } from './diff.js'
import { InboxLink } from './inbox.js'
import { UpdateEditor } from './update-editor.js'
import {
  UpdateFields,
  draftProblem,
  emptyDraft,
  renderMarkdown,
  toBody,
  type Draft,
} from './fields.js'
import { Link, errorText } from './util.js'

interface Person {
  client: string
  userId: string
  name: string
  role: string
  editing: string | null
}

const clientId = `c-${crypto.randomUUID()}`

const byNewest = (a: Update, b: Update) =>
  (b.published_at ?? b.created_at).localeCompare(a.published_at ?? a.created_at)

export function Workspace(props: { slug: string; user: User }) {
  const { slug, user } = props
  const [story, setStory] = useState<Story | null>(null)
  const [published, setPublished] = useState<Update[]>([])
  const [drafts, setDrafts] = useState<Update[]>([])
  const [people, setPeople] = useState<Person[]>([])
  const [error, setError] = useState('')
  const [live, setLive] = useState(false)
  /** Counts claim events, so the ledger reloads when anyone changes it. */
  const [claimChanges, setClaimChanges] = useState(0)
  const isEditor = user.role !== 'contributor'

  const loadDrafts = useCallback(async () => {
    const r = await api<{ items: Update[] }>(
      'GET',
      `/stories/${slug}/updates?status=draft&limit=100`,
    )
    setDrafts(r.items)
  }, [slug])

  const loadAll = useCallback(async () => {
    try {
      setStory(await api<Story>('GET', `/stories/${slug}`))
      const r = await api<{ items: Update[] }>(
        'GET',
        `/stories/${slug}/updates?status=published&limit=100`,
      )
      setPublished(r.items)
      await loadDrafts()
    } catch (err) {
      setError(errorText(err))
    }
  }, [slug, loadDrafts])

  useEffect(() => {
    void loadAll()
    // The live column follows the same stream readers get.
    const stream = new EventSource(`/stories/${encodeURIComponent(slug)}/events`)
    stream.onopen = () => setLive(true)
    stream.onerror = () => setLive(false)
    stream.onmessage = (e: MessageEvent<string>) => {
      const data = JSON.parse(e.data) as { type: string; update?: Update; story?: Story }
      if (data.type === 'reset') return void loadAll()
      if (data.story && data.type === 'story.updated') setStory(data.story)
      if (data.type.startsWith('claim.') || data.type.startsWith('attribution.'))
        setClaimChanges((n) => n + 1)
      const u = data.update
      if (!u) return
      if (data.type === 'update.deleted') {
        setPublished((list) => list.filter((x) => x.id !== u.id))
        return
      }
      setPublished((list) => [u, ...list.filter((x) => x.id !== u.id)].sort(byNewest))
      setDrafts((list) => list.filter((x) => x.id !== u.id))
    }
    // Drafts are not public, so they are not on the stream: look again now and then.
    const poll = setInterval(() => void loadDrafts().catch(() => undefined), 10_000)
    return () => {
      stream.close()
      clearInterval(poll)
    }
  }, [slug])

  useEffect(() => {
    const presence = new EventSource(
      `/api/v1/stories/${encodeURIComponent(slug)}/presence?client=${clientId}`,
    )
    const read = <T,>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T
    // The whole list once (and again after a reconnect), then only what changed.
    presence.addEventListener('presence', (e) => setPeople(read<{ people: Person[] }>(e).people))
    const upsert = (e: Event) => {
      const person = read<Person>(e)
      setPeople((list) => [...list.filter((p) => p.client !== person.client), person])
    }
    presence.addEventListener('presence.join', upsert)
    presence.addEventListener('presence.change', upsert)
    presence.addEventListener('presence.leave', (e) => {
      const { client } = read<{ client: string }>(e)
      setPeople((list) => list.filter((p) => p.client !== client))
    })
    return () => presence.close()
  }, [slug])

  const setEditing = useCallback(
    (id: string | null) => {
      void api('PUT', `/stories/${slug}/presence`, {
        body: { client: clientId, editing: id },
      }).catch(() => undefined)
    },
    [slug],
  )

  const others = people.filter((p) => p.client !== clientId)
  const editorsOf = (id: string) => others.filter((p) => p.editing === id).map((p) => p.name)

  if (!story)
    return (
      <section class="page">
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    )

  return (
    <div class="workspace">
      <StoryHeader story={story} canEdit={isEditor} onSaved={setStory} />
      <div class="presence" aria-live="polite" data-testid="presence">
        <span class={live ? 'dot on' : 'dot'} aria-hidden="true" />
        {live ? 'Live' : 'Reconnecting…'} ·{' '}
        {others.length === 0
          ? 'Nobody else is on this story.'
          : `Also here: ${others
              .map((p) => {
                const target =
                  p.editing === 'new'
                    ? ' (writing a new update)'
                    : p.editing
                      ? ` (editing “${[...published, ...drafts].find((u) => u.id === p.editing)?.headline ?? 'an update'}”)`
                      : ''
                return `${p.name}${target}`
              })
              .join(', ')}`}
      </div>
      <div class="columns">
        <section class="col composer-col" aria-labelledby="composer-h">
          <h2 id="composer-h">New update</h2>
          <Composer
            slug={slug}
            user={user}
            onFocus={() => setEditing('new')}
            onSent={(u) => {
              setEditing(null)
              if (u.status === 'draft') void loadDrafts()
              else setPublished((list) => [u, ...list.filter((x) => x.id !== u.id)].sort(byNewest))
            }}
          />
          <section aria-labelledby="review-h" class="review">
            <h2 id="review-h">{isEditor ? 'To review' : 'Your drafts'}</h2>
            {drafts.length === 0 && <p class="muted">No drafts waiting.</p>}
            <ul class="updates" data-testid="review-list">
              {drafts.map((u) => (
                <UpdateCard
                  key={`${u.id}-${u.version}`}
                  update={u}
                  user={user}
                  slug={slug}
                  lockedBy={editorsOf(u.id)}
                  setEditing={setEditing}
                  onChanged={() => void loadDrafts()}
                />
              ))}
            </ul>
          </section>
        </section>
        <section class="col live-col" aria-labelledby="live-h">
          <h2 id="live-h">Live — what readers see</h2>
          <ul class="updates" data-testid="live-column">
            {published.map((u) => (
              <UpdateCard
                key={u.id}
                update={u}
                user={user}
                slug={slug}
                lockedBy={editorsOf(u.id)}
                setEditing={setEditing}
                onChanged={(next) =>
                  setPublished((list) =>
                    next.status === 'deleted'
                      ? list.filter((x) => x.id !== next.id)
                      : list.map((x) => (x.id === next.id ? next : x)),
                  )
                }
              />
            ))}
            {published.length === 0 && <li class="muted">Nothing published yet.</li>}
          </ul>
        </section>
      </div>
      <Ledger slug={slug} changes={claimChanges} />
    </div>
  )
}

function StoryHeader(props: { story: Story; canEdit: boolean; onSaved: (s: Story) => void }) {
  const { story } = props
  const [editing, setEditing] = useState(false)
  const [lead, setLead] = useState(story.lead)
  const [status, setStatus] = useState(story.status)
  const [error, setError] = useState('')
  const save = async (changes: Partial<Story>) => {
    setError('')
    try {
      props.onSaved(
        await api<Story>('PATCH', `/stories/${story.slug}`, {
          body: changes,
          headers: ifMatch(story.version),
        }),
      )
      setEditing(false)
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        const fresh = await api<Story>('GET', `/stories/${story.slug}`)
        props.onSaved(fresh)
        setError(
          'Someone else changed the story meanwhile. Their version is shown; your text is still in the box.',
        )
      } else setError(errorText(err))
    }
  }
  return (
    <header class="story-head">
      <div class="title-row">
        <h1>{story.title}</h1>
        <span class={`badge ${story.status}`}>{story.status}</span>
        <a href={`/stories/${story.slug}`} target="_blank" rel="noopener" class="quiet">
          Public page
        </a>
        <Link href={`/desk/stories/${story.slug}/feeds`}>Feeds</Link>
        <InboxLink slug={story.slug} />
        {props.canEdit && (
          <label class="inline">
            Status
            <select
              value={status}
              onChange={(e) => {
                const next = e.currentTarget.value as Story['status']
                setStatus(next)
                void save({ status: next })
              }}
            >
              <option value="live">live</option>
              <option value="paused">paused</option>
              <option value="ended">ended</option>
            </select>
          </label>
        )}
      </div>
      {!editing && (
        <div class="lead">
          <div class="prose" dangerouslySetInnerHTML={{ __html: story.lead_html }} />
          {props.canEdit && (
            <button
              type="button"
              class="quiet"
              onClick={() => {
                setLead(story.lead)
                setEditing(true)
              }}
            >
              Edit lead
            </button>
          )}
        </div>
      )}
      {editing && (
        <form
          class="lead-editor split"
          onSubmit={(e) => {
            e.preventDefault()
            void save({ lead })
          }}
        >
          <div>
            <label for="lead-text">Lead (Markdown)</label>
            <textarea
              id="lead-text"
              rows={4}
              value={lead}
              onInput={(e) => setLead(e.currentTarget.value)}
            />
            <button type="submit">Save lead</button>{' '}
            <button type="button" class="quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          <div>
            <span class="label">Preview</span>
            <div class="preview prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(lead) }} />
          </div>
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </header>
  )
}

/** Saves what is typed in the browser as it is typed; restored after a reload or a crash. */
function useAutosave(key: string, draft: Draft, setDraft: (d: Draft) => void): string {
  const [savedAt, setSavedAt] = useState('')
  const loaded = useRef(false)
  useEffect(() => {
    const stored = localStorage.getItem(key)
    if (stored) {
      try {
        setDraft({ ...emptyDraft(), ...(JSON.parse(stored) as Partial<Draft>) })
        setSavedAt('restored')
      } catch {
        localStorage.removeItem(key)
      }
    }
    loaded.current = true
  }, [key])
  useEffect(() => {
    if (!loaded.current) return
    const t = setTimeout(() => {
      const empty = JSON.stringify(draft) === JSON.stringify(emptyDraft())
      if (empty) localStorage.removeItem(key)
      else {
        localStorage.setItem(key, JSON.stringify(draft))
        setSavedAt(new Date().toLocaleTimeString())
      }
    }, 400)
    return () => clearTimeout(t)
  }, [draft])
  return savedAt
}

function Composer(props: {
  slug: string
  user: User
  onFocus: () => void
  onSent: (u: Update) => void
}) {
  const isEditor = props.user.role !== 'contributor'
  const [draft, setDraft] = useState<Draft>(emptyDraft())
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState('')
  const key = `sitrep.composer.${props.user.id}.${props.slug}`
  const savedAt = useAutosave(key, draft, setDraft)

  const send = async (status: 'draft' | 'published') => {
    const problem = draftProblem(draft)
    if (problem) return setError(problem)
    setBusy(true)
    setError('')
    try {
      const u = await api<Update>('POST', `/stories/${props.slug}/updates`, {
        body: { ...toBody(draft), status },
      })
      setDraft(emptyDraft())
      localStorage.removeItem(key)
      setNotice(status === 'published' ? 'Published.' : 'Draft saved for review.')
      props.onSent(u)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      class="composer"
      aria-label="Compose an update"
      onFocusIn={props.onFocus}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
          e.preventDefault()
          void send(isEditor ? 'published' : 'draft')
        }
      }}
      onSubmit={(e) => {
        e.preventDefault()
        void send(isEditor ? 'published' : 'draft')
      }}
    >
      <UpdateFields draft={draft} onChange={setDraft} canPin={isEditor} idPrefix="new" />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        {isEditor ? (
          <>
            <button type="submit" disabled={busy}>
              Publish <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" class="quiet" disabled={busy} onClick={() => void send('draft')}>
              Save as draft
            </button>
          </>
        ) : (
          <button type="submit" disabled={busy}>
            Submit for review <kbd>Ctrl+Enter</kbd>
          </button>
        )}
        <span class="muted" role="status" data-testid="autosave">
          {notice ||
            (savedAt === 'restored'
              ? 'Restored your unsent draft.'
              : savedAt
                ? `Draft kept in this browser at ${savedAt}`
                : '')}
        </span>
      </div>
    </form>
  )
}

function UpdateCard(props: {
  update: Update
  user: User
  slug: string
  lockedBy: string[]
  setEditing: (id: string | null) => void
  onChanged: (u: Update) => void
}) {
  const { update: u, user } = props
  const isEditor = user.role !== 'contributor'
  const canEdit = isEditor || u.status === 'draft'
  const [editing, setEditing] = useState(false)
  const [history, setHistory] = useState<Revision[] | null>(null)
  const [error, setError] = useState('')
  /** Text selected in the body of a published update, to make a claim of (editors only). */
  const [selection, setSelection] = useState('')
  const [claimNotice, setClaimNotice] = useState('')
  const prose = useRef<HTMLDivElement>(null)
  const canClaim = isEditor && u.status === 'published'
  const takeSelection = () => {
    const text = selectionIn(prose.current)
    if (text) {
      setSelection(text)
      setClaimNotice('')
    }
  }

  const open = (on: boolean) => {
    setEditing(on)
    props.setEditing(on ? u.id : null)
  }

  const remove = async () => {
    if (!confirm(`Delete “${u.headline}”? Readers will see it removed.`)) return
    try {
      props.onChanged(
        await api<Update>('DELETE', `/stories/${props.slug}/updates/${u.id}`, {
          headers: ifMatch(u.version),
        }),
      )
    } catch (err) {
      setError(errorText(err))
    }
  }
  const publish = async () => {
    try {
      props.onChanged(
        await api<Update>('PATCH', `/stories/${props.slug}/updates/${u.id}`, {
          body: { status: 'published' },
          headers: ifMatch(u.version),
        }),
      )
    } catch (err) {
      setError(errorText(err))
    }
  }
  const showHistory = async () => {
    if (history) return setHistory(null)
    const r = await api<{ items: Revision[] }>(
      'GET',
      `/stories/${props.slug}/updates/${u.id}/revisions`,
    )
    setHistory(r.items)
  }

  return (
    <li
      class={`update ${u.pinned ? 'pinned' : ''} ${u.key_event ? 'key' : ''}`}
      data-update-id={u.id}
    >
      {editing ? (
        <UpdateEditor
          update={u}
          slug={props.slug}
          canPin={isEditor}
          onDone={(next) => {
            open(false)
            if (next) props.onChanged(next)
          }}
        />
      ) : (
        <article>
          <div class="meta">
            {u.pinned && <span class="badge">Pinned</span>}
            {u.key_event && <span class="badge key">Key event</span>}
            <span>{u.author}</span> ·{' '}
            <time dateTime={u.published_at ?? u.created_at}>
              {new Date(u.published_at ?? u.created_at).toLocaleTimeString()}
            </time>
            {u.edited_at && (
              <>
                {' '}
                · <span class="edited">edited</span>
              </>
            )}
            {u.status === 'draft' && <span class="badge draft">draft</span>}
          </div>
          <h3>{u.headline}</h3>
          <div
            class="prose"
            ref={prose}
            onMouseUp={canClaim ? takeSelection : undefined}
            onKeyUp={canClaim ? takeSelection : undefined}
            dangerouslySetInnerHTML={{ __html: u.body_html }}
          />
          {canClaim && selection && (
            <ClaimFromSelection
              key={selection}
              slug={props.slug}
              updateId={u.id}
              selection={selection}
              onDone={(message) => {
                setSelection('')
                setClaimNotice(message)
              }}
            />
          )}
          {claimNotice && (
            <p class="muted" role="status">
              {claimNotice}
            </p>
          )}
          {u.media.map((m) => (
            <figure key={m.url}>
              <img src={m.url} alt={m.alt} loading="lazy" />
              <figcaption>
                {m.caption} {m.credit && <span class="credit">{m.credit}</span>}
              </figcaption>
            </figure>
          ))}
          {u.related.length > 0 && (
            <ul class="related">
              {u.related.map((r) => (
                <li key={r.url}>
                  <a href={r.url} rel="noopener" target="_blank">
                    {r.title}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {u.sources.length > 0 && (
            <p class="sources">
              Sources: {u.sources.map((s) => `${s.name} (${s.kind})`).join('; ')}
            </p>
          )}
          {props.lockedBy.length > 0 && (
            <p class="lock" role="status">
              {props.lockedBy.join(', ')} {props.lockedBy.length > 1 ? 'are' : 'is'} editing this
            </p>
          )}
          <div class="actions">
            {canEdit && (
              <button type="button" class="quiet" onClick={() => open(true)}>
                Edit
              </button>
            )}
            {u.status === 'draft' && isEditor && (
              <button type="button" onClick={() => void publish()}>
                Publish
              </button>
            )}
            {u.version > 1 && (
              <button
                type="button"
                class="quiet"
                aria-expanded={history !== null}
                onClick={() => void showHistory()}
              >
                History
              </button>
            )}
            {isEditor && (
              <button type="button" class="quiet danger" onClick={() => void remove()}>
                Delete
              </button>
            )}
          </div>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
          {history && <History revisions={history} />}
        </article>
      )}
    </li>
  )
}

function History(props: { revisions: Revision[] }) {
  const rows = props.revisions
  return (
    <ol class="history" aria-label="Revision history">
      {rows.map((r, i) => {
        const prev = rows[i - 1]?.update
        const text = (u: Update) => `${u.headline}\n\n${u.body}`
        return (
          <li key={r.version}>
            <div class="meta">
              v{r.version} · {r.actor} · {new Date(r.created_at).toLocaleString()} ·{' '}
              {r.update.status}
            </div>
            {prev && (
              <p class="diff">
                {diffWords(text(prev), text(r.update)).map((p, k) =>
                  p.kind === 'same' ? (
                    <span key={k}>{p.text}</span>
                  ) : p.kind === 'added' ? (
                    <ins key={k}>{p.text}</ins>
                  ) : (
                    <del key={k}>{p.text}</del>
                  ),
                )}
              </p>
            )}
          </li>
        )
      })}
    </ol>
  )
}
