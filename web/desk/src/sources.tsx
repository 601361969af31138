/** The source directory: find a source, correct its names and kind, merge a duplicate into another. */
import { useEffect, useState } from 'preact/hooks'
import { ApiError, api, ifMatch, type User } from './api.js'
// The ledger's own list, so the desk offers exactly the kinds the API accepts.
import { SOURCE_KINDS } from '../../../src/core/claim.js'
import { MergeForm } from './merge-form.js'
import { errorText } from './util.js'

export interface SourceRecord {
  id: string
  name: string
  kind: (typeof SOURCE_KINDS)[number]
  affiliation: string | null
  description: string
  aliases: string[]
  version: number
  merged_into: string | null
}

const kindLabel = (kind: string) => kind.replace(/_/g, ' ')

export function SourcesPage(props: { user: User }) {
  const isEditor = props.user.role !== 'contributor'
  const [query, setQuery] = useState('')
  const [sources, setSources] = useState<SourceRecord[] | null>(null)
  const [error, setError] = useState('')
  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    // Typing searches after a short pause, so each key press does not cost a request.
    const timer = setTimeout(() => {
      const q = query.trim()
      api<{ items: SourceRecord[] }>(
        'GET',
        `/sources?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`,
      ).then(
        (r) => {
          setError('')
          setSources(r.items)
        },
        (err: unknown) => setError(errorText(err)),
      )
    }, 250)
    return () => clearTimeout(timer)
  }, [query, reloads])

  return (
    <section class="page">
      <h1>Sources</h1>
      <p class="muted">
        Everyone whose statements the ledger records. Sources are made when a statement names
        someone new (in a claim form or an accepted inbox suggestion);{' '}
        {isEditor
          ? 'correct their names here, and merge duplicates so each voice counts once.'
          : 'editors correct and merge them.'}
      </p>
      <label for="source-search">Find a source by name or alias</label>
      <input
        id="source-search"
        type="search"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {sources?.length === 0 && (
        <p class="muted" data-testid="sources-empty">
          {query.trim()
            ? `No source is called “${query.trim()}”.`
            : 'No sources yet. They appear when the first statement is recorded.'}
        </p>
      )}
      <ul class="source-list">
        {(sources ?? []).map((s) => (
          <SourceItem
            key={`${s.id}-${s.version}`}
            source={s}
            others={(sources ?? []).filter((o) => o.id !== s.id)}
            isEditor={isEditor}
            onChanged={() => setReloads((n) => n + 1)}
          />
        ))}
      </ul>
    </section>
  )
}

function SourceItem(props: {
  source: SourceRecord
  others: SourceRecord[]
  isEditor: boolean
  onChanged: () => void
}) {
  const { source } = props
  const [editing, setEditing] = useState(false)
  return (
    <li class="source-item" data-source-id={source.id}>
      <h2>
        {source.name} <span class="badge">{kindLabel(source.kind)}</span>
      </h2>
      <p class="muted">
        {source.affiliation ? `Speaks for ${source.affiliation}. ` : ''}
        {source.description}
        {source.aliases.length > 0 && ` Also known as: ${source.aliases.join(', ')}.`}
      </p>
      {props.isEditor && !editing && (
        <button type="button" onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
      {editing && (
        <SourceForm
          source={source}
          onDone={(changed) => {
            setEditing(false)
            if (changed) props.onChanged()
          }}
        />
      )}
      {props.isEditor && props.others.length > 0 && (
        // Its statements, name and aliases move to the source to keep.
        <MergeForm
          id={`merge-source-${source.id}`}
          name={`Merge ${source.name} into another source`}
          label="Same as"
          placeholder="— choose the source to keep —"
          options={props.others.map((o) => ({ id: o.id, label: o.name }))}
          question={(target) =>
            `Every statement by “${source.name}” will count as “${target.label}”, which keeps this name as an alias.`
          }
          merge={async (into) => {
            await api('POST', `/sources/${source.id}/merge`, { body: { into } })
            props.onChanged()
          }}
        />
      )}
    </li>
  )
}

function SourceForm(props: { source: SourceRecord; onDone: (changed: boolean) => void }) {
  const { source } = props
  const [name, setName] = useState(source.name)
  const [kind, setKind] = useState(source.kind)
  const [affiliation, setAffiliation] = useState(source.affiliation ?? '')
  const [description, setDescription] = useState(source.description)
  const [aliases, setAliases] = useState(source.aliases.join(', '))
  const [error, setError] = useState('')
  const id = `source-${source.id}`
  const save = async () => {
    setError('')
    try {
      await api('PATCH', `/sources/${source.id}`, {
        body: {
          name,
          kind,
          affiliation: affiliation.trim() || null,
          description,
          aliases: aliases
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
        },
        headers: ifMatch(source.version),
      })
      props.onDone(true)
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 412
          ? 'Someone changed this source while you were editing. Cancel to see their version.'
          : errorText(err),
      )
    }
  }
  return (
    <form
      class="source-form"
      aria-label={`Edit ${source.name}`}
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onDone(false)
      }}
    >
      <label for={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        value={name}
        required
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <label for={`${id}-kind`}>Kind</label>
      <select
        id={`${id}-kind`}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as SourceRecord['kind'])}
      >
        {SOURCE_KINDS.map((k) => (
          <option key={k} value={k}>
            {kindLabel(k)}
          </option>
        ))}
      </select>
      <label for={`${id}-affiliation`}>Speaks for (side), if any</label>
      <input
        id={`${id}-affiliation`}
        value={affiliation}
        onInput={(e) => setAffiliation(e.currentTarget.value)}
      />
      <label for={`${id}-description`}>Who they are</label>
      <input
        id={`${id}-description`}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <label for={`${id}-aliases`}>Other names, separated by commas</label>
      <input
        id={`${id}-aliases`}
        value={aliases}
        onInput={(e) => setAliases(e.currentTarget.value)}
      />
      <div>
        <button type="submit">Save</button>{' '}
        <button type="button" class="quiet" onClick={() => props.onDone(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  )
}
