/** The review of one imported text: the text with its spans marked, beside its drafts and suggested claims. */
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { api, type User } from './api.js'
import { can } from '../../../src/core/role.js'
import { highlightTree, type Highlight, type HighlightNode } from './highlight.js'
import { Crumbs, inboxPath, originLabel, waiting, when } from './inbox.js'
import { SuggestionCard } from './inbox-claims.js'
import { DraftCard, type Entity, type InboxEntry, type Selection } from './inbox-items.js'
import { Link, errorText } from './util.js'

/** What a mark stands for: a draft's passage, or the source, cue or content of a statement. */
interface Mark {
  kind: 'draft' | 'source' | 'cue' | 'content'
  owner: string
  statement?: number
  label: string
}

const RANKS = { draft: 0, content: 1, cue: 2, source: 3 } as const

function highlightsOf(entry: InboxEntry): Array<Highlight<Mark>> {
  const out: Array<Highlight<Mark>> = []
  entry.drafts.forEach((d, i) => {
    const label = `Draft ${i + 1}: ${d.update?.headline ?? ''}`
    for (const r of d.spans)
      out.push({
        ...r,
        rank: RANKS.draft,
        data: { kind: 'draft', owner: `draft:${d.update_id}`, label },
      })
  })
  entry.suggestions.forEach((s, k) =>
    s.statements.forEach((st, i) => {
      for (const kind of ['content', 'cue', 'source'] as const)
        out.push({
          start: st[kind].start,
          end: st[kind].end,
          rank: RANKS[kind],
          data: {
            kind,
            owner: `claim:${s.id}`,
            statement: i,
            label: `${kind} of statement ${i + 1}, suggested claim ${k + 1}`,
          },
        })
    }),
  )
  return out
}

/** The first words of a span, on one line. */
function excerptOf(text: string, range: { start: number; end: number } | undefined): string {
  const words = range ? text.slice(range.start, range.end).replace(/\s+/g, ' ').trim() : ''
  return words.length > 80 ? `${words.slice(0, 79)}…` : words
}

const isActive = (m: Mark, s: Selection | null) =>
  s !== null &&
  s.owner === m.owner &&
  (s.statement === undefined || m.statement === undefined || s.statement === m.statement)

function renderMarks(
  nodes: Array<HighlightNode<Mark>>,
  selection: Selection | null,
): ComponentChildren {
  return nodes.map((n) =>
    n.kind === 'text' ? (
      n.text
    ) : (
      <mark
        key={`${n.index}-${n.start}`}
        class={`hl hl-${n.highlight.data.kind}${isActive(n.highlight.data, selection) ? ' is-active' : ''}`}
        data-owner={n.highlight.data.owner}
        title={n.highlight.data.label}
      >
        {renderMarks(n.children, selection)}
      </mark>
    ),
  )
}

function Legend() {
  return (
    <ul class="inbox-legend" aria-label="What the highlights mean">
      <li>
        <mark class="hl hl-draft">Draft</mark> went into a draft update
      </li>
      <li>
        <mark class="hl hl-source">Source</mark> who said it
      </li>
      <li>
        <mark class="hl hl-cue">Cue</mark> said, denied…
      </li>
      <li>
        <mark class="hl hl-content">Content</mark> what was said
      </li>
      <li>
        <mark class="hl hl-content is-active">Selected</mark> the item you are on
      </li>
    </ul>
  )
}

/** /desk/stories/:slug/inbox/:entry — the text with its spans marked, beside its drafts and claims. */
export function InboxReview(props: { slug: string; entryId: string; user: User }) {
  const { slug, entryId, user } = props
  const [entry, setEntry] = useState<InboxEntry | null>(null)
  const [error, setError] = useState('')
  const [selection, setSelection] = useState<Selection | null>(null)
  const textBox = useRef<HTMLDivElement>(null)

  const load = useCallback(async () => {
    try {
      setEntry(await api<InboxEntry>('GET', `/stories/${slug}/inbox/${entryId}`))
      setError('')
    } catch (err) {
      setError(errorText(err))
    }
  }, [slug, entryId])
  useEffect(() => void load(), [load])

  const tree = useMemo(() => (entry ? highlightTree(entry.text, highlightsOf(entry)) : []), [entry])

  // Bring the selected item's first passage into view inside the text box (not the page).
  useEffect(() => {
    const box = textBox.current
    const first = box?.querySelector<HTMLElement>('mark.is-active')
    if (!box || !first) return
    const top = first.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches
    box.scrollTo({ top: Math.max(0, top - 48), behavior: reduce ? 'auto' : 'smooth' })
  }, [selection?.owner, selection?.statement])

  const select = (next: Selection) =>
    setSelection((s) => (s?.owner === next.owner && s.statement === next.statement ? s : next))

  if (!entry)
    return (
      <section class="page">
        <Crumbs slug={slug} title={slug} />
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    )

  const pendingDrafts = entry.drafts.filter((d) => d.state === 'pending').length
  const pendingClaims = entry.suggestions.filter((s) => s.state === 'pending').length
  const common = { slug, entryId, user, onSelect: select, onReload: () => void load() }
  return (
    <section class="inbox-review">
      <Crumbs slug={slug} title={slug}>
        <Link href={inboxPath(slug)}>Inbox</Link>
      </Crumbs>
      <h1>{originLabel(entry.origin)}</h1>
      <p class="meta">
        {entry.format}
        {entry.dateline && ` · dateline ${entry.dateline}`} · imported by {entry.created_by},{' '}
        <time dateTime={entry.created_at}>{when(entry.created_at)}</time> ·{' '}
        <span data-testid="inbox-waiting">
          {waiting(pendingDrafts, entry.drafts.length, pendingClaims, entry.suggestions.length)}
        </span>
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="inbox-columns">
        <section class="inbox-source" aria-labelledby="inbox-text-h">
          <h2 id="inbox-text-h">Imported text</h2>
          <Legend />
          <div
            class="inbox-text"
            role="region"
            aria-label="Imported text with highlights"
            // Focusable so the keyboard can scroll it.
            tabIndex={0}
            ref={textBox}
          >
            {renderMarks(tree, selection)}
          </div>
          <NamedInText entities={entry.entities ?? []} />
        </section>
        <section class="inbox-items" aria-labelledby="inbox-drafts-h">
          <h2 id="inbox-drafts-h">Drafts ({pendingDrafts} waiting)</h2>
          {entry.drafts.length === 0 && <p class="muted">This text made no drafts.</p>}
          <ul class="inbox-list-items">
            {entry.drafts.map((d, i) => (
              <DraftCard
                key={d.update_id}
                {...common}
                number={i + 1}
                draft={d}
                excerpt={excerptOf(entry.text, d.spans[0])}
                selected={selection?.owner === `draft:${d.update_id}`}
                onChange={(next) =>
                  setEntry(
                    (e) =>
                      e && {
                        ...e,
                        drafts: e.drafts.map((x) => (x.update_id === next.update_id ? next : x)),
                      },
                  )
                }
              />
            ))}
          </ul>
          <h2 id="inbox-claims-h">Suggested claims ({pendingClaims} waiting)</h2>
          {!can(user.role, 'claim.write') && (
            <p class="notice">
              Editors decide claims: you can read the suggestions, and accept or edit the drafts.
            </p>
          )}
          {entry.suggestions.length === 0 && (
            <p class="muted">No claims suggested: the text attributes nothing to a source.</p>
          )}
          <ul class="inbox-list-items">
            {entry.suggestions.map((s, i) => (
              <SuggestionCard
                key={s.id}
                {...common}
                number={i + 1}
                suggestion={s}
                selection={selection}
                selected={selection?.owner === `claim:${s.id}`}
                onChange={(next) => {
                  setEntry(
                    (e) =>
                      e && {
                        ...e,
                        suggestions: e.suggestions.map((x) => (x.id === next.id ? next : x)),
                      },
                  )
                  // A new claim may be what the other suggestions match: ask the server again.
                  void load()
                }}
              />
            ))}
          </ul>
        </section>
      </div>
    </section>
  )
}

const KINDS: Array<[Entity['kind'], string]> = [
  ['place', 'Places'],
  ['person', 'People'],
  ['organisation', 'Organisations'],
  ['equipment', 'Equipment'],
]

/** Who and what the text names, by kind, each once with how often: a quick read of the copy. */
function NamedInText(props: { entities: Entity[] }) {
  if (props.entities.length === 0) return null
  const counts = new Map<string, { entity: Entity; n: number }>()
  for (const e of props.entities) {
    const key = `${e.kind}:${e.id}`
    const seen = counts.get(key)
    if (seen) seen.n++
    else counts.set(key, { entity: e, n: 1 })
  }
  return (
    <section class="inbox-entities" aria-labelledby="inbox-entities-h">
      <h3 id="inbox-entities-h">Named in this text</h3>
      <dl>
        {KINDS.map(([kind, label]) => {
          const items = [...counts.values()].filter((c) => c.entity.kind === kind)
          if (items.length === 0) return null
          return (
            <div key={kind}>
              <dt>{label}</dt>
              <dd>
                {items.map((c, i) => (
                  <span key={c.entity.id} data-entity-kind={kind}>
                    {i > 0 && ', '}
                    {c.entity.name}
                    {c.n > 1 && <span class="muted"> ×{c.n}</span>}
                  </span>
                ))}
              </dd>
            </div>
          )
        })}
      </dl>
    </section>
  )
}
