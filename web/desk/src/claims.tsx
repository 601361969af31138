/** The claims ledger in the desk: a claim and attribution from selected text, and a story's ledger with verdicts. */
import { useEffect, useState } from 'preact/hooks'
import { api, ifMatch } from './api.js'
// The ledger's own lists, so the desk offers exactly what the API accepts.
import {
  CLAIM_STATUSES as STATUSES,
  SOURCE_KINDS,
  STANCES,
  sourceKey,
  type SourceKind,
} from '../../../src/core/claim.js'
import { stanceSentence, type StanceGroup } from '../../../src/core/claim-stances.js'
import { MergeForm } from './merge-form.js'
import {
  NOT_KNOWN,
  StatementRow,
  WhenSaidFields,
  whenBody,
  type Statement,
  type WhenSaid,
} from './statement-row.js'
import { errorText } from './util.js'

export type Attribution = Statement

export interface Claim {
  id: string
  proposition: string
  status: (typeof STATUSES)[number]
  note: string
  suggested_status: (typeof STATUSES)[number]
  derivation: string[]
  /** Who stands where, as readers see it (core/claim-stances). */
  stances: StanceGroup[]
  version: number
  attributions: Attribution[]
}

const words = (s: string) => s.replace(/_/g, ' ')

/** A source of the directory, as the search returns it. */
interface DirectorySource {
  id: string
  name: string
  kind: SourceKind
  aliases: string[]
}

/** The kinds an editor picks from: 'other' is never offered for a source someone can classify. */
export const PICKABLE_KINDS = SOURCE_KINDS.filter((k) => k !== 'other')
export const KIND_LABELS: Record<SourceKind, string> = {
  government: 'Government',
  military: 'Military',
  armed_group: 'Armed group',
  agency: 'Agency',
  media: 'Media',
  ngo: 'NGO',
  think_tank: 'Think tank',
  official: 'Official',
  person: 'Person',
  other: 'Other',
}

/** The directory's sources closest to a typed name; none when the search fails. */
const searchSources = (typed: string): Promise<DirectorySource[]> =>
  api<{ items: DirectorySource[] }>('GET', `/sources?q=${encodeURIComponent(typed.trim())}&limit=8`)
    .then((r) => r.items)
    .catch(() => [])

/** The directory source the typed name is (by name or alias), if any. */
const knownSource = (matches: DirectorySource[], typed: string) =>
  matches.find((m) => [m.name, ...m.aliases].some((n) => sourceKey(n) === sourceKey(typed)))

/** The text selected inside `scope`, or '' when the selection lies (partly) elsewhere. */
export function selectionIn(scope: Element | null): string {
  const sel = window.getSelection()
  if (!scope || !sel || sel.rangeCount === 0 || sel.isCollapsed) return ''
  const range = sel.getRangeAt(0)
  if (!scope.contains(range.commonAncestorContainer)) return ''
  return sel.toString().replace(/\s+/g, ' ').trim()
}

/** Create a claim from the selection (or link to one of the story's claims) and record who said it. */
export function ClaimFromSelection(props: {
  slug: string
  updateId: string
  selection: string
  onDone: (message: string) => void
}) {
  const [claims, setClaims] = useState<Claim[]>([])
  const [existing, setExisting] = useState('')
  const [proposition, setProposition] = useState(props.selection)
  const [source, setSource] = useState('')
  /** The directory's sources matching the typed name, closest first. */
  const [matches, setMatches] = useState<DirectorySource[]>([])
  /** Chosen by the editor for a new source; '' until chosen. A known source keeps its own. */
  const [kind, setKind] = useState<SourceKind | ''>('')
  const [stance, setStance] = useState<(typeof STANCES)[number]>('asserts')
  const [quote, setQuote] = useState(props.selection)
  const [when, setWhen] = useState<WhenSaid>(NOT_KNOWN)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void api<{ items: Claim[] }>('GET', `/stories/${props.slug}/claims`)
      .then((r) => setClaims(r.items))
      .catch(() => undefined)
  }, [props.slug])

  const save = async () => {
    if (!source.trim()) return setError('Name the source who said it.')
    // Matches may still be on their way: ask the directory once more before asking for a kind.
    const known = knownSource(matches, source) ?? knownSource(await searchSources(source), source)
    if (!known && !kind) return setError('Choose what kind of source this is.')
    if (!existing && !proposition.trim()) return setError('Write the claim in plain words.')
    setBusy(true)
    setError('')
    try {
      const id =
        existing ||
        (
          await api<Claim>('POST', `/stories/${props.slug}/claims`, {
            body: { proposition: proposition.trim() },
          })
        ).id
      // Only the fields of the chosen way of dating it; a new statement has nothing to clear.
      const stated = Object.fromEntries(
        Object.entries(whenBody(when)).filter(([, v]) => v !== null),
      )
      await api('POST', `/claims/${id}/attributions`, {
        body: {
          source: known ? { name: known.name } : { name: source.trim(), kind },
          stance,
          quote,
          update_id: props.updateId,
          ...stated,
        },
      })
      props.onDone(existing ? 'Statement added to the claim.' : 'Claim created with its statement.')
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const id = `claim-${props.updateId}`
  return (
    <form
      class="claim-form"
      aria-label="Claim from the selected text"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label for={`${id}-existing`}>Claim</label>
      <select
        id={`${id}-existing`}
        value={existing}
        onChange={(e) => setExisting(e.currentTarget.value)}
      >
        <option value="">A new claim</option>
        {claims.map((c) => (
          <option key={c.id} value={c.id}>
            {c.proposition} ({c.status})
          </option>
        ))}
      </select>
      {!existing && (
        <>
          <label for={`${id}-proposition`}>The claim in plain words</label>
          <input
            id={`${id}-proposition`}
            value={proposition}
            onInput={(e) => setProposition(e.currentTarget.value)}
          />
        </>
      )}
      <label for={`${id}-source`}>Who said it (source)</label>
      <input
        id={`${id}-source`}
        value={source}
        list={`${id}-directory`}
        autocomplete="off"
        onInput={(e) => {
          const typed = e.currentTarget.value
          setSource(typed)
          if (typed.trim().length < 2) return setMatches([])
          void searchSources(typed).then(setMatches)
        }}
      />
      {/* The directory's matches first; a name not among them is a new source with a chosen kind. */}
      <datalist id={`${id}-directory`}>
        {matches.map((m) => (
          <option key={m.id} value={m.name}>
            {words(m.kind)}
          </option>
        ))}
      </datalist>
      {knownSource(matches, source) ? (
        <p class="muted" aria-live="polite">
          Known source: {words(knownSource(matches, source)!.kind)}
        </p>
      ) : (
        <>
          <label for={`${id}-kind`}>Kind of source</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as SourceKind | '')}
          >
            <option value="">Choose…</option>
            {PICKABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </>
      )}
      <label for={`${id}-stance`}>What they say about it</label>
      <select
        id={`${id}-stance`}
        value={stance}
        onChange={(e) => setStance(e.currentTarget.value as (typeof STANCES)[number])}
      >
        {STANCES.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
      <label for={`${id}-quote`}>Quote</label>
      <textarea
        id={`${id}-quote`}
        rows={2}
        value={quote}
        onInput={(e) => setQuote(e.currentTarget.value)}
      />
      <WhenSaidFields id={`${id}-when`} value={when} onChange={setWhen} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {existing ? 'Add the statement' : 'Create the claim'}
        </button>
        <button type="button" class="quiet" onClick={() => props.onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** A story's ledger: claims by status, each with its statements in time order and a verdict form. */
export function Ledger(props: { slug: string; changes: number }) {
  const [claims, setClaims] = useState<Claim[] | null>(null)
  const [error, setError] = useState('')
  const load = () =>
    api<{ items: Claim[] }>('GET', `/stories/${props.slug}/claims`)
      .then((r) => setClaims(r.items))
      .catch((err: unknown) => setError(errorText(err)))
  useEffect(() => void load(), [props.slug, props.changes])

  return (
    <section class="ledger" aria-labelledby="ledger-h" data-testid="ledger">
      <h2 id="ledger-h">Claims ledger</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {claims?.length === 0 && (
        <p class="muted">No claims yet. Select text in a live update to start one.</p>
      )}
      {STATUSES.map((status) => {
        const group = (claims ?? []).filter((c) => c.status === status)
        if (group.length === 0) return null
        return (
          <div key={status} class="ledger-group">
            <h3>{status}</h3>
            <ul>
              {group.map((c) => (
                <LedgerClaim
                  key={`${c.id}-${c.version}`}
                  claim={c}
                  others={(claims ?? []).filter((o) => o.id !== c.id)}
                  onSaved={() => void load()}
                />
              ))}
            </ul>
          </div>
        )
      })}
    </section>
  )
}

function LedgerClaim(props: { claim: Claim; others: Claim[]; onSaved: () => void }) {
  const { claim } = props
  const [status, setStatus] = useState(claim.status)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const id = `verdict-${claim.id}`
  const save = async () => {
    setError('')
    try {
      await api('PATCH', `/claims/${claim.id}`, {
        body: { status, note },
        headers: ifMatch(claim.version),
      })
      props.onSaved()
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <li class="ledger-claim" data-claim-id={claim.id}>
      <strong>{claim.proposition}</strong>{' '}
      <span class="muted">
        suggested: {claim.suggested_status}
        {claim.note && ` · verdict note: ${claim.note}`}
      </span>
      {claim.stances.length > 0 && (
        <p class="ledger-stances">{claim.stances.map(stanceSentence).join(' ')}</p>
      )}
      <ol class="timeline">
        {claim.attributions.map((a) => (
          <StatementRow key={`${a.id}-${a.version}`} statement={a} onSaved={props.onSaved} />
        ))}
      </ol>
      <form
        class="verdict"
        aria-label={`Verdict on ${claim.proposition}`}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label for={`${id}-status`}>Verdict</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as Claim['status'])}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label for={`${id}-note`}>Why</label>
        <input id={`${id}-note`} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <button type="submit">Set verdict</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
      {props.others.length > 0 && (
        // A duplicate's statements and stories move over; it stays only as a pointer.
        <MergeForm
          id={`merge-${claim.id}`}
          name={`Merge ${claim.proposition} into another claim`}
          label="Duplicate of"
          placeholder="— choose the claim to keep —"
          options={props.others.map((o) => ({ id: o.id, label: o.proposition }))}
          question={(target) =>
            `Move ${claim.attributions.length} statement${claim.attributions.length === 1 ? '' : 's'} into “${target.label}”?`
          }
          merge={async (into) => {
            const target = props.others.find((o) => o.id === into)
            await api('POST', `/claims/${claim.id}/merge`, {
              body: { into, note: `Duplicate of “${target?.proposition ?? into}”` },
            })
            props.onSaved()
          }}
        />
      )}
    </li>
  )
}
