/** The desk inbox: a story's imported texts and the import form (one text's review is in inbox-review.tsx). */
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { api, type Story, type User } from './api.js'
import { Link, errorText, navigate } from './util.js'

interface EntrySummary {
  id: string
  origin: string
  format: string
  dateline: string | null
  created_by: string
  created_at: string
  text_length: number
  drafts: number
  pending_drafts: number
  suggestions: number
  pending_suggestions: number
}

interface ImportReport {
  imported: Array<{ entry_id: string | null; drafts: unknown[]; duplicates: number }>
  skipped: Array<{ file: string; code: string; message: string }>
}

export const inboxPath = (slug: string) => `/desk/stories/${encodeURIComponent(slug)}/inbox`
export const originLabel = (origin: string) => (origin === 'request' ? 'Pasted text' : origin)
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
export const when = (iso: string) => new Date(iso).toLocaleString()

export function waiting(
  pendingDrafts: number,
  drafts: number,
  pendingClaims: number,
  claims: number,
) {
  if (pendingDrafts + pendingClaims === 0) return 'Nothing waiting'
  return `${pendingDrafts} of ${plural(drafts, 'draft')} and ${pendingClaims} of ${plural(claims, 'claim')} waiting`
}

/** The story header's link to the inbox, with how many texts still have something to decide. */
export function InboxLink(props: { slug: string }) {
  const [count, setCount] = useState(0)
  useEffect(() => {
    api<{ items: EntrySummary[] }>('GET', `/stories/${props.slug}/inbox`).then(
      (r) => setCount(r.items.filter((e) => e.pending_drafts + e.pending_suggestions > 0).length),
      () => setCount(0),
    )
  }, [props.slug])
  return <Link href={inboxPath(props.slug)}>{count ? `Inbox (${count} waiting)` : 'Inbox'}</Link>
}

export function Crumbs(props: { slug: string; title: string; children?: ComponentChildren }) {
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      <Link href={`/desk/stories/${encodeURIComponent(props.slug)}`}>{props.title}</Link>
      {' › '}
      {props.children ?? 'Inbox'}
    </nav>
  )
}

/** /desk/stories/:slug/inbox — the imported texts, newest first, and the import form. */
export function InboxPage(props: { slug: string; user: User }) {
  const { slug } = props
  const [story, setStory] = useState<Story | null>(null)
  const [items, setItems] = useState<EntrySummary[] | null>(null)
  const [error, setError] = useState('')
  const load = useCallback(async () => {
    try {
      const [s, r] = await Promise.all([
        api<Story>('GET', `/stories/${slug}`),
        api<{ items: EntrySummary[] }>('GET', `/stories/${slug}/inbox`),
      ])
      setStory(s)
      setItems(r.items)
    } catch (err) {
      setError(errorText(err))
    }
  }, [slug])
  useEffect(() => void load(), [load])

  return (
    <section class="page inbox-page">
      <Crumbs slug={slug} title={story?.title ?? slug} />
      <h1>Inbox</h1>
      <p class="muted">
        Imported texts, each with the draft updates and suggested claims it made: review them beside
        the text, then accept, edit or reject each.
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <h2 id="inbox-list-h">Imported texts</h2>
      {items === null && !error && <p>Loading…</p>}
      {items?.length === 0 && (
        <div class="inbox-empty" data-testid="inbox-empty">
          <p>
            <strong>Nothing has been imported into this story yet.</strong> Text comes into the
            inbox in three ways:
          </p>
          <ul>
            <li>the desk import: paste text or choose a file in the form below;</li>
            <li>
              on the server: <code>{`sitrep import <file|dir> --story ${slug}`}</code>;
            </li>
            <li>
              feeds the story follows (<code>{`sitrep feeds add <url> --story ${slug}`}</code>):
              each new item arrives here.
            </li>
          </ul>
          <p>Imports make draft updates only, never published ones, and suggest claims.</p>
        </div>
      )}
      {items && items.length > 0 && (
        <table class="inbox-list" aria-labelledby="inbox-list-h">
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col">Format</th>
              <th scope="col">Dateline</th>
              <th scope="col">Imported</th>
              <th scope="col">By</th>
              <th scope="col">Waiting</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} class={e.pending_drafts + e.pending_suggestions > 0 ? 'waiting' : ''}>
                <td>
                  <Link href={`${inboxPath(slug)}/${encodeURIComponent(e.id)}`}>
                    {originLabel(e.origin)}
                  </Link>{' '}
                  <span class="muted">({plural(e.text_length, 'character')})</span>
                </td>
                <td>{e.format}</td>
                <td>{e.dateline ?? '—'}</td>
                <td>
                  <time dateTime={e.created_at}>{when(e.created_at)}</time>
                </td>
                <td>{e.created_by}</td>
                <td>{waiting(e.pending_drafts, e.drafts, e.pending_suggestions, e.suggestions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ImportForm slug={slug} onImported={() => void load()} />
    </section>
  )
}

/** Paste text or read a file, POST it to the story's imports, then open what it made. */
function ImportForm(props: { slug: string; onImported: () => void }) {
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState('')
  const [format, setFormat] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [skipped, setSkipped] = useState<ImportReport['skipped']>([])
  const [notice, setNotice] = useState('')

  const submit = async () => {
    setError('')
    setSkipped([])
    setNotice('')
    if (!text.trim()) return setError('Paste the text or choose a file first.')
    setBusy(true)
    try {
      const report = await api<ImportReport>('POST', `/stories/${props.slug}/imports`, {
        body: { text, ...(format ? { format } : {}), ...(fileName ? { file_name: fileName } : {}) },
      })
      const made = report.imported[0]
      if (made?.entry_id) return navigate(`${inboxPath(props.slug)}/${made.entry_id}`)
      setSkipped(report.skipped)
      if (made) {
        setNotice(`Imported: ${plural(made.drafts.length, 'draft')}.`)
        props.onImported()
      }
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      class="inbox-import"
      aria-labelledby="inbox-import-h"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2 id="inbox-import-h">Import a text</h2>
      <label for="inbox-import-text">Text (wire copy, Markdown or an HTML page)</label>
      <textarea
        id="inbox-import-text"
        rows={8}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <label>
          or choose a file (.txt, .md, .html)
          <input
            type="file"
            accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (!file) return
              file.text().then(
                (t) => {
                  setText(t)
                  setFileName(file.name)
                },
                (err: unknown) => setError(errorText(err)),
              )
            }}
          />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            <option value="">Detect from the file name and text</option>
            <option value="text">Text (the live-page format)</option>
            <option value="markdown">Markdown</option>
            <option value="html">HTML</option>
          </select>
        </label>
      </div>
      {fileName && <p class="muted">From the file {fileName}.</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {skipped.length > 0 && (
        <div role="alert" class="error">
          Nothing new was imported:
          <ul>
            {skipped.map((s, i) => (
              <li key={i}>
                <code>{s.code}</code> {s.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <span role="status">{notice}</span>
      </div>
    </form>
  )
}
