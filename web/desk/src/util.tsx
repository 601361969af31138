/** Small shared pieces: in-desk navigation, links, error text. */
import type { ComponentChildren } from 'preact'
import { ApiError } from './api.js'

export function navigate(to: string): void {
  history.pushState(null, '', to)
  dispatchEvent(new PopStateEvent('popstate'))
}

/** A link that navigates inside the desk without reloading. */
export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return
        e.preventDefault()
        navigate(props.href)
      }}
    >
      {props.children}
    </a>
  )
}

export const errorText = (err: unknown): string =>
  err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err)
