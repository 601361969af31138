/** A suggested claim in the inbox: edit its wording and statements, accept it into the ledger or reject it. */
import { useRef, useState } from 'preact/hooks'
import { api } from './api.js'
import type { Claim } from './claims.js'
// The ledger's own lists and the role rules, so the desk offers exactly what the API accepts.
import { STANCES, STANCE_LABELS, type SourceKind, type Stance } from '../../../src/core/claim.js'
import { KIND_LABELS, PICKABLE_KINDS } from './claims.js'
import { can } from '../../../src/core/role.js'
import {
  ConfirmAction,
  Decision,
  ProblemNote,
  problemOf,
  type ItemProps,
  type Problem,
  type Selection,
  type SuggestedStatement,
  type Suggestion,
} from './inbox-items.js'

interface Row {
  include: boolean
  stance: Stance
  /** Typed by the editor for a statement whose source was not resolved. */
  sourceName: string
  /** The kind that new source gets: the extractor's guess until the editor picks; '' for none. */
  sourceKind: SourceKind | ''
}

const dayOf = (st: SuggestedStatement) =>
  st.date_from && st.date && st.date_from !== st.date
    ? `${st.date_from} – ${st.date}`
    : (st.date ?? '')

export function SuggestionCard(
  props: ItemProps & {
    suggestion: Suggestion
    selection: Selection | null
    onChange: (s: Suggestion) => void
  },
) {
  const { suggestion: s, slug } = props
  const owner = `claim:${s.id}`
  const mayDecide = can(props.user.role, 'claim.write')
  const open = mayDecide && s.state === 'pending'
  const [proposition, setProposition] = useState(s.proposition)
  /** '' for a new claim, or the id of the story's claim to add the statements to. */
  const [target, setTarget] = useState('')
  const [rows, setRows] = useState<Row[]>(() =>
    s.statements.map((st) => ({
      include: st.source_name !== null,
      stance: st.stance,
      sourceName: '',
      sourceKind: PICKABLE_KINDS.find((k) => k === st.source_kind) ?? '',
    })),
  )
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [notice, setNotice] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)
  const setRow = (i: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const decide = async (action: 'accept' | 'reject') => {
    let body: object = { action }
    if (action === 'accept') {
      const chosen = rows.flatMap((r, index) => (r.include ? [{ r, index }] : []))
      const unnamed = chosen.find(
        ({ r, index }) => !s.statements[index]!.source_name && !r.sourceName.trim(),
      )
      const unkinded = chosen.find(
        ({ r, index }) => !s.statements[index]!.source_name && !r.sourceKind,
      )
      const invalid = !chosen.length
        ? 'Include at least one statement.'
        : unnamed
          ? `Name the source of statement ${unnamed.index + 1}, or leave it out.`
          : unkinded
            ? `Choose the kind of source of statement ${unkinded.index + 1}.`
            : !target && !proposition.trim()
              ? 'Write the claim in plain words.'
              : ''
      if (invalid) return setProblem({ message: invalid, stale: false })
      body = {
        action,
        ...(target ? { claim_id: target } : { proposition: proposition.trim() }),
        statements: chosen.map(({ r, index }) => {
          const st = s.statements[index]!
          return {
            index,
            ...(r.stance !== st.stance ? { stance: r.stance } : {}),
            ...(st.source_name
              ? {}
              : { source_name: r.sourceName.trim(), source_kind: r.sourceKind || undefined }),
          }
        }),
      }
    }
    setBusy(true)
    setProblem(null)
    try {
      const res = await api<{ suggestion: Suggestion; claim?: Claim }>(
        'POST',
        `/stories/${slug}/inbox/${props.entryId}/suggestions/${s.id}`,
        { body },
      )
      setNotice(
        action === 'reject'
          ? 'Rejected: nothing went into the ledger.'
          : `In the ledger with ${res.claim?.attributions.length ?? 0} statement(s).`,
      )
      props.onChange(res.suggestion)
      heading.current?.focus()
    } catch (err) {
      setProblem(problemOf(err))
    } finally {
      setBusy(false)
    }
  }

  const id = `inbox-claim-${s.id}`
  const select = (e: Event) => {
    const row = (e.target as Element).closest<HTMLElement>('[data-statement]')
    props.onSelect(row ? { owner, statement: Number(row.dataset.statement) } : { owner })
  }
  return (
    <li
      class={`inbox-item${props.selected ? ' is-selected' : ''}`}
      data-suggestion-id={s.id}
      onFocusIn={select}
      onClick={select}
    >
      <article aria-labelledby={`${id}-h`}>
        <div class="meta">
          Suggested claim {props.number}
          {s.subjects.length > 0 && ` · about ${s.subjects.join(', ')}`}
          {s.state === 'pending' && (
            <>
              {' '}
              <span class="badge state-pending">waiting</span>
            </>
          )}
        </div>
        <h3 id={`${id}-h`} tabIndex={-1} ref={heading}>
          {s.proposition}
        </h3>
        <Decision state={s.state} by={s.decided_by} at={s.decided_at} />
        {s.claim_id && (
          <p>
            <a href={`/stories/${slug}/claims/${s.claim_id}`} target="_blank" rel="noopener">
              Open the claim
            </a>
          </p>
        )}
        {open && s.matches.length > 0 && (
          <fieldset>
            <legend>Record as</legend>
            <label class="check">
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === ''}
                onChange={() => setTarget('')}
              />
              A new claim
            </label>
            {s.matches.map((m) => (
              <label class="check" key={m.id}>
                <input
                  type="radio"
                  name={`${id}-target`}
                  checked={target === m.id}
                  onChange={() => setTarget(m.id)}
                />
                Add to existing claim “{m.proposition}” ({m.status})
              </label>
            ))}
          </fieldset>
        )}
        {open && !target && (
          <>
            <label for={`${id}-proposition`}>The claim in plain words</label>
            <textarea
              id={`${id}-proposition`}
              rows={2}
              value={proposition}
              onInput={(e) => setProposition(e.currentTarget.value)}
            />
          </>
        )}
        <div class="inbox-table">
          <table>
            <caption>Statements</caption>
            <thead>
              <tr>
                {open && <th scope="col">Include</th>}
                <th scope="col">Source</th>
                <th scope="col">Stance</th>
                <th scope="col">Quote</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {s.statements.map((st, i) => {
                const row = rows[i]!
                const name = st.source_name ?? (row.sourceName.trim() || st.source.text)
                const active = props.selection?.owner === owner && props.selection.statement === i
                return (
                  <tr key={i} data-statement={i} class={active ? 'is-selected' : ''}>
                    {open && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Include statement ${i + 1} (${name})`}
                          checked={row.include}
                          onChange={(e) => setRow(i, { include: e.currentTarget.checked })}
                        />
                      </td>
                    )}
                    <td>
                      {st.source_name ?? (
                        <>
                          {open ? (
                            <input
                              aria-label={`Source of statement ${i + 1} (not resolved)`}
                              placeholder={st.source.text}
                              value={row.sourceName}
                              onInput={(e) =>
                                setRow(i, {
                                  sourceName: e.currentTarget.value,
                                  include: row.include || e.currentTarget.value.trim() !== '',
                                })
                              }
                            />
                          ) : (
                            st.source.text
                          )}{' '}
                          <span class="muted">(source not resolved)</span>
                          {open && (
                            <select
                              aria-label={`Kind of source of statement ${i + 1}`}
                              value={row.sourceKind}
                              onChange={(e) =>
                                setRow(i, { sourceKind: e.currentTarget.value as SourceKind | '' })
                              }
                            >
                              <option value="">Kind…</option>
                              {PICKABLE_KINDS.map((k) => (
                                <option key={k} value={k}>
                                  {KIND_LABELS[k]}
                                </option>
                              ))}
                            </select>
                          )}
                        </>
                      )}
                    </td>
                    <td>
                      {open ? (
                        <select
                          aria-label={`Stance of statement ${i + 1}`}
                          value={row.stance}
                          onChange={(e) => setRow(i, { stance: e.currentTarget.value as Stance })}
                        >
                          {STANCES.map((x) => (
                            <option key={x} value={x}>
                              {STANCE_LABELS[x]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        STANCE_LABELS[st.stance]
                      )}
                    </td>
                    <td>
                      <q>{st.content.text}</q> <span class="muted">({st.cue.text})</span>
                    </td>
                    <td>{dayOf(st)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        {open && (
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => void decide('accept')}>
              {target ? 'Add to the claim' : 'Accept claim'}
            </button>
            <ConfirmAction
              label="Reject"
              question="Reject this suggestion? Nothing goes into the ledger."
              confirm="Reject the claim"
              disabled={busy}
              onConfirm={() => void decide('reject')}
            />
          </div>
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
