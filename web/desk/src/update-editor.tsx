/** The in-place editor of an update, used by the story workspace and the inbox. */
import { useMemo, useState } from 'preact/hooks'
import { ApiError, api, ifMatch, type Update } from './api.js'
import {
  UpdateFields,
  draftOf,
  draftProblem,
  renderMarkdown,
  toBody,
  type Draft,
} from './fields.js'
import { errorText } from './util.js'

/** Edits in place under If-Match; a concurrent change shows both versions to merge by hand. */
export function UpdateEditor(props: {
  update: Update
  slug: string
  canPin: boolean
  onDone: (u: Update | null) => void
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.update))
  const [base, setBase] = useState(props.update.version)
  const [theirs, setTheirs] = useState<Update | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const idPrefix = useMemo(() => `edit-${props.update.id}`, [props.update.id])

  const save = async (version: number) => {
    const problem = draftProblem(draft)
    if (problem) return setError(problem)
    setBusy(true)
    setError('')
    try {
      const next = await api<Update>('PATCH', `/stories/${props.slug}/updates/${props.update.id}`, {
        body: toBody(draft),
        headers: ifMatch(version),
      })
      props.onDone(next)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UPDATE_VERSION_CONFLICT') {
        const current = (err.details as { current?: Update } | undefined)?.current ?? null
        setTheirs(current)
        if (current) setBase(current.version)
      } else setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      class="editor"
      aria-label={`Edit “${props.update.headline}”`}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
          e.preventDefault()
          void save(base)
        }
        if (e.key === 'Escape') props.onDone(null)
      }}
      onSubmit={(e) => {
        e.preventDefault()
        void save(base)
      }}
    >
      {theirs && (
        <section class="conflict" role="alert" aria-label="Conflicting edit" data-testid="conflict">
          <h4>Someone else saved this update while you were editing</h4>
          <p>
            Nothing was overwritten. Compare both versions, merge in the form below, then save — or
            take theirs.
          </p>
          <div class="pair">
            <div data-testid="conflict-mine">
              <h5>Your version</h5>
              <strong>{draft.headline}</strong>
              <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(draft.body) }} />
            </div>
            <div data-testid="conflict-theirs">
              <h5>{`Current version (v${theirs.version}), now live`}</h5>
              <strong>{theirs.headline}</strong>
              <div class="prose" dangerouslySetInnerHTML={{ __html: theirs.body_html }} />
            </div>
          </div>
          <div class="actions">
            <button type="button" onClick={() => void save(theirs.version)}>
              Save my version over theirs
            </button>
            <button type="button" class="quiet" onClick={() => props.onDone(theirs)}>
              Keep theirs, drop mine
            </button>
            <button type="button" class="quiet" onClick={() => setDraft(draftOf(theirs))}>
              Load theirs into the form
            </button>
          </div>
        </section>
      )}
      <UpdateFields draft={draft} onChange={setDraft} canPin={props.canPin} idPrefix={idPrefix} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Save changes <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" class="quiet" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
