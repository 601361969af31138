/** Merging a duplicate (claim or source) into the one to keep, with a second confirmation: a merge cannot be undone. */
import { useState } from 'preact/hooks'
import { errorText } from './util.js'

export interface MergeFormProps {
  /** Unique on the page: names the select's id. */
  id: string
  /** The form's accessible name, e.g. "Merge X into another claim". */
  name: string
  /** The select's label, e.g. "Duplicate of". */
  label: string
  /** The first, empty option, e.g. "— choose the claim to keep —". */
  placeholder: string
  options: Array<{ id: string; label: string }>
  /** What the merge will do to the chosen one, asked before doing it. */
  question: (target: { id: string; label: string }) => string
  merge: (into: string) => Promise<void>
}

export function MergeForm(props: MergeFormProps) {
  const [into, setInto] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState('')
  const target = props.options.find((o) => o.id === into)
  const merge = async () => {
    setError('')
    try {
      await props.merge(into)
    } catch (err) {
      setConfirming(false)
      setError(errorText(err))
    }
  }
  return (
    <form
      class="merge"
      aria-label={props.name}
      onSubmit={(e) => {
        e.preventDefault()
        if (into) setConfirming(true)
      }}
    >
      <label for={`${props.id}-into`}>{props.label}</label>
      <select
        id={`${props.id}-into`}
        value={into}
        onChange={(e) => {
          setInto(e.currentTarget.value)
          setConfirming(false)
        }}
      >
        <option value="">{props.placeholder}</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {!confirming && (
        <button type="submit" disabled={!into}>
          Merge…
        </button>
      )}
      {confirming && target && (
        <span role="group" aria-label="Confirm the merge">
          <span>{props.question(target)} This cannot be undone.</span>{' '}
          <button type="button" onClick={() => void merge()}>
            Yes, merge
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  )
}
