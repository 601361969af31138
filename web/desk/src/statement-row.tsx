/** The desk's statements: when one was said (a moment or a span of days), and a ledger row to correct or withdraw it. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { STANCES } from '../../../src/core/claim.js'
import { api, ifMatch } from './api.js'
import { errorText } from './util.js'

export type Stance = (typeof STANCES)[number]

/** A statement as the API sends it (the fields the desk shows). */
export interface Statement {
  id: string
  source: { id: string; name: string; kind: string; affiliation: string | null }
  stance: Stance
  quote: string
  stated_at: string | null
  stated_from: string | null
  stated_to: string | null
  recorded_at: string
  update_id: string | null
  version: number
  corrected_at: string | null
  correction_reason: string | null
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
}

const words = (s: string) => s.replace(/_/g, ' ')

/** What the "When was it said" fields hold: local wall-clock values, as the inputs take them. */
export interface WhenSaid {
  mode: 'unknown' | 'moment' | 'span'
  /** `YYYY-MM-DDTHH:MM` in the editor's zone. */
  moment: string
  /** `YYYY-MM-DD` in the editor's zone. */
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const localMoment = (d: Date) => `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`

export const NOT_KNOWN: WhenSaid = { mode: 'unknown', moment: '', from: '', to: '' }

/** The fields as a statement stands. */
export function whenOf(a: Statement): WhenSaid {
  if (a.stated_at)
    return { ...NOT_KNOWN, mode: 'moment', moment: localMoment(new Date(a.stated_at)) }
  if (a.stated_from && a.stated_to)
    return {
      ...NOT_KNOWN,
      mode: 'span',
      from: localDay(new Date(a.stated_from)),
      to: localDay(new Date(a.stated_to)),
    }
  return NOT_KNOWN
}

/** "Earlier this week": Monday to today, in the editor's zone. */
export function earlierThisWeek(now = new Date()): WhenSaid {
  const monday = new Date(now)
  monday.setDate(now.getDate() - ((now.getDay() + 6) % 7))
  return { ...NOT_KNOWN, mode: 'span', from: localDay(monday), to: localDay(now) }
}

/**
 * The API's time fields. Days are the editor's own (midnight to midnight where they are), and a
 * span running to today ends now, since nothing said can lie in the future.
 */
export function whenBody(when: WhenSaid): Record<string, string | null> {
  if (when.mode === 'moment' && when.moment)
    return { stated_at: new Date(when.moment).toISOString(), stated_from: null, stated_to: null }
  if (when.mode === 'span' && when.from && when.to) {
    const from = new Date(`${when.from}T00:00`)
    const end = new Date(`${when.to}T00:00`)
    end.setDate(end.getDate() + 1)
    const to = new Date(Math.min(end.getTime() - 1, Date.now()))
    return { stated_at: null, stated_from: from.toISOString(), stated_to: to.toISOString() }
  }
  return { stated_at: null, stated_from: null, stated_to: null }
}

/** The "When was it said" fields: not known, one moment, or a span of days. */
export function WhenSaidFields(props: {
  id: string
  value: WhenSaid
  onChange: (value: WhenSaid) => void
}) {
  const { id, value, onChange } = props
  return (
    <fieldset class="when-said">
      <legend>When was it said</legend>
      <label for={`${id}-mode`}>Known as</label>
      <select
        id={`${id}-mode`}
        value={value.mode}
        onChange={(e) => onChange({ ...value, mode: e.currentTarget.value as WhenSaid['mode'] })}
      >
        <option value="unknown">Not known (the time it is recorded orders it)</option>
        <option value="moment">A date and time</option>
        <option value="span">Some day between two dates</option>
      </select>
      {value.mode === 'moment' && (
        <>
          <label for={`${id}-moment`}>Date and time said</label>
          <input
            id={`${id}-moment`}
            type="datetime-local"
            value={value.moment}
            onInput={(e) => onChange({ ...value, moment: e.currentTarget.value })}
          />
        </>
      )}
      {value.mode === 'span' && (
        <>
          <label for={`${id}-from`}>Said on or after</label>
          <input
            id={`${id}-from`}
            type="date"
            value={value.from}
            onInput={(e) => onChange({ ...value, from: e.currentTarget.value })}
          />
          <label for={`${id}-to`}>Said on or before</label>
          <input
            id={`${id}-to`}
            type="date"
            value={value.to}
            onInput={(e) => onChange({ ...value, to: e.currentTarget.value })}
          />
        </>
      )}
      <button type="button" class="quiet" onClick={() => onChange(earlierThisWeek())}>
        Earlier this week
      </button>
    </fieldset>
  )
}

/** When a statement was said, in words for the ledger. */
export function saidText(a: Statement): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString()
  if (a.stated_at) return new Date(a.stated_at).toLocaleString()
  if (a.stated_from && a.stated_to) {
    const from = day(a.stated_from)
    const to = day(a.stated_to)
    return from === to ? `on ${from}` : `between ${from} and ${to}`
  }
  return `time not known (recorded ${new Date(a.recorded_at).toLocaleString()})`
}

/** What names a statement in a question: who, what stance, the start of the quote. */
export function statementName(a: Statement): string {
  const quote = a.quote.length > 60 ? `${a.quote.slice(0, 57)}…` : a.quote
  return `${a.source.name} ${words(a.stance)}${quote ? ` “${quote}”` : ''}`
}

/** One statement in the ledger: when said, who (and what kind of source), its stance, and its life. */
export function StatementRow(props: { statement: Statement; onSaved: () => void }) {
  const a = props.statement
  const [open, setOpen] = useState<'none' | 'correct' | 'withdraw'>('none')
  const close = () => {
    const was = open
    setOpen('none')
    // Back to the button that opened it, so the keyboard stays where it was.
    setTimeout(() => document.getElementById(`${was}-button-${a.id}`)?.focus(), 0)
  }
  const said = (
    <>
      <time dateTime={a.stated_at ?? a.stated_from ?? a.recorded_at}>{saidText(a)}</time> ·{' '}
      {a.source.name} <span class="muted">({words(a.source.kind)})</span> <em>{words(a.stance)}</em>
      {a.quote && ` — “${a.quote}”`}
    </>
  )
  return (
    <li
      data-attribution-id={a.id}
      class={a.withdrawn_at ? 'statement withdrawn' : 'statement'}
      title={`Recorded ${new Date(a.recorded_at).toLocaleString()}`}
    >
      {a.withdrawn_at ? <s>{said}</s> : said}
      {a.corrected_at && (
        <span class="statement-life">
          {' '}
          <span class="badge">corrected</span> {a.correction_reason}
        </span>
      )}
      {a.withdrawn_at && (
        <span class="statement-life">
          {' '}
          <span class="badge">withdrawn</span> {a.withdrawn_reason}
        </span>
      )}
      {!a.withdrawn_at && open === 'none' && (
        <span class="statement-actions">
          {' '}
          <button
            type="button"
            class="quiet"
            id={`correct-button-${a.id}`}
            aria-label={`Correct: ${statementName(a)}`}
            onClick={() => setOpen('correct')}
          >
            Correct…
          </button>{' '}
          <button
            type="button"
            class="quiet"
            id={`withdraw-button-${a.id}`}
            aria-label={`Withdraw: ${statementName(a)}`}
            onClick={() => setOpen('withdraw')}
          >
            Withdraw…
          </button>
        </span>
      )}
      {open === 'correct' && <CorrectForm statement={a} onCancel={close} onSaved={props.onSaved} />}
      {open === 'withdraw' && (
        <WithdrawForm statement={a} onCancel={close} onSaved={props.onSaved} />
      )}
    </li>
  )
}

interface FormProps {
  statement: Statement
  onCancel: () => void
  onSaved: () => void
}

/** Escape closes a form, as it closes dialogs. */
const escapeCloses = (onCancel: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Escape') {
    e.preventDefault()
    onCancel()
  }
}

function CorrectForm({ statement: a, onCancel, onSaved }: FormProps) {
  const [stance, setStance] = useState<Stance>(a.stance)
  const [quote, setQuote] = useState(a.quote)
  const [when, setWhen] = useState<WhenSaid>(whenOf(a))
  const [whenTouched, setWhenTouched] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLSelectElement>(null)
  useEffect(() => first.current?.focus(), [])
  const id = `correct-${a.id}`
  const save = async () => {
    if (!reason.trim()) return setError('Say why it is corrected: readers see the reason.')
    setBusy(true)
    setError('')
    try {
      await api('PATCH', `/attributions/${a.id}`, {
        headers: ifMatch(a.version),
        body: {
          ...(stance !== a.stance ? { stance } : {}),
          ...(quote !== a.quote ? { quote } : {}),
          ...(whenTouched ? whenBody(when) : {}),
          reason: reason.trim(),
        },
      })
      onSaved()
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <form
      class="statement-form"
      aria-label={`Correct: ${statementName(a)}`}
      onKeyDown={escapeCloses(onCancel)}
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label for={`${id}-stance`}>What they say about it</label>
      <select
        id={`${id}-stance`}
        ref={first}
        value={stance}
        onChange={(e) => setStance(e.currentTarget.value as Stance)}
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
      <WhenSaidFields
        id={id}
        value={when}
        onChange={(v) => {
          setWhen(v)
          setWhenTouched(true)
        }}
      />
      <label for={`${id}-reason`}>Why it is corrected (readers see this)</label>
      <input id={`${id}-reason`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Save the correction
        </button>
        <button type="button" class="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function WithdrawForm({ statement: a, onCancel, onSaved }: FormProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const id = `withdraw-${a.id}`
  const withdraw = async () => {
    if (!reason.trim()) return setError('Say why it is withdrawn: readers see the reason.')
    setBusy(true)
    setError('')
    try {
      await api('POST', `/attributions/${a.id}/withdraw`, {
        headers: ifMatch(a.version),
        body: { reason: reason.trim() },
      })
      onSaved()
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <form
      class="statement-form"
      aria-label={`Withdraw: ${statementName(a)}`}
      onKeyDown={escapeCloses(onCancel)}
      onSubmit={(e) => {
        e.preventDefault()
        void withdraw()
      }}
    >
      <p id={`${id}-question`}>
        Withdraw the statement “{statementName(a)}” as recorded by mistake? It stays in the history,
        struck through with your reason, and stops counting.
      </p>
      <label for={`${id}-reason`}>Why (readers see this)</label>
      <input
        id={`${id}-reason`}
        ref={first}
        aria-describedby={`${id}-question`}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Yes, withdraw it
        </button>
        <button type="button" class="quiet" onClick={onCancel}>
          Keep it
        </button>
      </div>
    </form>
  )
}
