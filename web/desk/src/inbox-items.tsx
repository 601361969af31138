/** The inbox's shapes, and an imported draft to accept, publish, edit or reject. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, api, ifMatch, type Update, type User } from './api.js'
import type { Stance } from '../../../src/core/claim.js'
// The role rules of the API, so the desk offers only what the server allows.
import { can } from '../../../src/core/role.js'
import { UpdateEditor } from './update-editor.js'
import { Link, errorText } from './util.js'

export type InboxState = 'pending' | 'accepted' | 'rejected'
export interface TextRange {
  start: number
  end: number
}
export interface QuotedRange extends TextRange {
  text: string
}

export interface InboxDraft {
  update_id: string
  role: 'lead' | 'update' | 'remainder'
  /** Where its words are in the entry text. */
  spans: TextRange[]
  state: InboxState
  decided_by: string | null
  decided_at: string | null
  /** The update as it is now; absent when it is gone. */
  update?: Update
}

export interface SuggestedStatement {
  source_id: string | null
  /** null when the extractor could not tell who the source is. */
  source_name: string | null
  source_kind: string
  source: QuotedRange
  cue: QuotedRange
  content: QuotedRange
  stance: Stance
  date: string | null
  date_from: string | null
  update_id: string | null
}

export interface Suggestion {
  id: string
  proposition: string
  key: string
  subjects: string[]
  statements: SuggestedStatement[]
  state: InboxState
  claim_id: string | null
  decided_by: string | null
  decided_at: string | null
  /** Claims of the story it may be about. */
  matches: Array<{ id: string; proposition: string; status: string }>
}

export interface InboxEntry {
  id: string
  origin: string
  format: string
  dateline: string | null
  created_by: string
  created_at: string
  /** What every span points into. */
  text: string
  drafts: InboxDraft[]
  suggestions: Suggestion[]
  /** Places, organisations, people and equipment the text names, in reading order. */
  entities?: Entity[]
}

export interface Entity {
  kind: 'place' | 'organisation' | 'person' | 'equipment'
  id: string
  name: string
  start: number
  end: number
  text: string
}

/** The item whose spans are emphasised in the text: `draft:<id>` or `claim:<id>`, maybe one statement. */
export interface Selection {
  owner: string
  statement?: number
}

export interface Problem {
  message: string
  /** The item changed under us: offer to reload. */
  stale: boolean
}

export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) {
    if (err.code === 'INBOX_ALREADY_DECIDED')
      return {
        message: 'Someone decided this before you. Reload to see what they did.',
        stale: true,
      }
    if (err.status === 412)
      return {
        message: 'The draft changed after you opened this page. Reload to see it, then decide.',
        stale: true,
      }
    if (err.status === 428 || err.status === 404)
      return { message: `${err.message.replace(/\.$/, '')}. Reload and try again.`, stale: true }
  }
  return { message: errorText(err), stale: false }
}

export function ProblemNote(props: { problem: Problem | null; onReload: () => void }) {
  const { problem } = props
  if (!problem) return null
  return (
    <div class="inbox-problem">
      <p role="alert" class="error">
        {problem.message}
      </p>
      {problem.stale && (
        <button type="button" class="quiet" onClick={props.onReload}>
          Reload
        </button>
      )}
    </div>
  )
}

/** A button that asks once more in place (focus moves to the answer, Escape cancels). */
export function ConfirmAction(props: {
  label: string
  question: string
  confirm: string
  disabled?: boolean
  onConfirm: () => void
}) {
  const [asking, setAsking] = useState(false)
  const opener = useRef<HTMLButtonElement>(null)
  const yes = useRef<HTMLButtonElement>(null)
  const wasAsking = useRef(false)
  useEffect(() => {
    if (asking) yes.current?.focus()
    else if (wasAsking.current) opener.current?.focus()
    wasAsking.current = asking
  }, [asking])
  if (!asking)
    return (
      <button
        ref={opener}
        type="button"
        class="quiet danger"
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    )
  return (
    <span
      class="inbox-confirm"
      role="group"
      aria-label={props.question}
      onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
    >
      <span>{props.question}</span>
      <button
        ref={yes}
        type="button"
        class="danger-solid"
        onClick={() => {
          setAsking(false)
          props.onConfirm()
        }}
      >
        {props.confirm}
      </button>
      <button type="button" class="quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  )
}

const when = (iso: string) => new Date(iso).toLocaleString()

/** "accepted by Ana, 4 Mar, 10:02" — or who knows, when it was decided outside the inbox. */
export function Decision(props: { state: InboxState; by: string | null; at: string | null }) {
  if (props.state === 'pending') return null
  return (
    <p class="inbox-decision">
      <span class={`badge state-${props.state}`}>{props.state}</span>{' '}
      {props.by ? `by ${props.by}` : 'outside the inbox'}
      {props.at && (
        <>
          {' · '}
          <time dateTime={props.at}>{when(props.at)}</time>
        </>
      )}
    </p>
  )
}

const ROLE_LABELS: Record<InboxDraft['role'], string> = {
  lead: 'Lead',
  update: 'Update',
  remainder: 'Remainder',
}

export interface ItemProps {
  slug: string
  entryId: string
  user: User
  /** Its position in its list, from 1, for labels. */
  number: number
  selected: boolean
  onSelect: (s: Selection) => void
  onReload: () => void
}

export function DraftCard(
  props: ItemProps & {
    draft: InboxDraft
    /** The start of its text in the import, to name it once the update is deleted (a tombstone has no headline). */
    excerpt: string
    onChange: (d: InboxDraft) => void
  },
) {
  const { draft: d, slug } = props
  const u = d.update
  const owner = `draft:${d.update_id}`
  const mayPublish = can(props.user.role, 'update.publish')
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [notice, setNotice] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)
  const editButton = useRef<HTMLButtonElement>(null)
  const editorBox = useRef<HTMLDivElement>(null)
  const wasEditing = useRef(false)
  useEffect(() => {
    if (editing) editorBox.current?.querySelector('input')?.focus()
    else if (wasEditing.current) (editButton.current ?? heading.current)?.focus()
    wasEditing.current = editing
  }, [editing])

  const decide = async (action: 'accept' | 'reject', publish = false) => {
    if (!u) return
    setBusy(true)
    setProblem(null)
    setNotice('')
    try {
      const next = await api<InboxDraft>(
        'POST',
        `/stories/${slug}/inbox/${props.entryId}/drafts/${d.update_id}`,
        { body: { action, ...(publish ? { publish: true } : {}) }, headers: ifMatch(u.version) },
      )
      setNotice(
        action === 'reject'
          ? 'Rejected: the draft was deleted.'
          : publish
            ? 'Published.'
            : 'Accepted: it stays a draft, to publish from the story.',
      )
      props.onChange(next)
      heading.current?.focus()
    } catch (err) {
      setProblem(problemOf(err))
    } finally {
      setBusy(false)
    }
  }

  const live = u && u.status !== 'deleted'
  const pending = d.state === 'pending' && u?.status === 'draft'
  const mayEdit = live && (u.status === 'draft' || can(props.user.role, 'update.editPublished'))
  const headingId = `inbox-draft-${d.update_id}`
  return (
    <li
      class={`inbox-item${props.selected ? ' is-selected' : ''}`}
      data-update-id={d.update_id}
      onFocusIn={() => props.onSelect({ owner })}
      onClick={() => props.onSelect({ owner })}
    >
      <article aria-labelledby={headingId}>
        <div class="meta">
          <span class={`badge role-${d.role}`}>{ROLE_LABELS[d.role]}</span>
          {u && <span class={`badge ${u.status}`}>{u.status}</span>}
          {d.state === 'pending' && <span class="badge state-pending">waiting</span>}
          {d.spans.length} passage{d.spans.length === 1 ? '' : 's'} of the text
        </div>
        <h3 id={headingId} tabIndex={-1} ref={heading}>
          {u?.headline || `Deleted draft: “${props.excerpt}”`}
        </h3>
        <Decision state={d.state} by={d.decided_by} at={d.decided_at} />
        {editing && u ? (
          <div ref={editorBox}>
            <UpdateEditor
              update={u}
              slug={slug}
              canPin={mayPublish}
              onDone={(next) => {
                setEditing(false)
                if (next) {
                  props.onChange({ ...d, update: next })
                  setNotice('Saved.')
                }
              }}
            />
          </div>
        ) : (
          live && (
            // body_html is sanitised Markdown from the server, as in the workspace.
            <div class="prose inbox-preview" dangerouslySetInnerHTML={{ __html: u.body_html }} />
          )
        )}
        {!editing && (
          <div class="actions">
            {pending && (
              <button
                type="button"
                class={mayPublish ? 'quiet' : ''}
                disabled={busy}
                onClick={() => void decide('accept')}
              >
                Accept as draft
              </button>
            )}
            {pending && mayPublish && (
              <button type="button" disabled={busy} onClick={() => void decide('accept', true)}>
                Publish
              </button>
            )}
            {mayEdit && (
              <button
                type="button"
                class="quiet"
                ref={editButton}
                disabled={busy}
                onClick={() => setEditing(true)}
              >
                Edit
              </button>
            )}
            {pending && (
              <ConfirmAction
                label="Reject"
                question="Reject deletes this draft."
                confirm="Reject the draft"
                disabled={busy}
                onConfirm={() => void decide('reject')}
              />
            )}
          </div>
        )}
        {d.state === 'accepted' && u?.status === 'draft' && (
          <p class="muted">
            Kept as a draft: publish it from <Link href={`/desk/stories/${slug}`}>the story</Link>.
          </p>
        )}
        <ProblemNote
          problem={problem}
          onReload={() => {
            setProblem(null)
            props.onReload()
          }}
        />
        <p class="muted" role="status">
          {notice}
        </p>
      </article>
    </li>
  )
}
