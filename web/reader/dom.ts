/** @module web/reader/dom — small DOM helpers shared by the live script and its claims part. */
import { render, type VNode } from 'preact'
import type { TimeContext } from '../../src/server/reader/components/time-stamp.js'

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
  document.getElementById(id) as T | null

/** Times in the reader's own zone; the server rendered the newsroom's. */
export const ctx = (): TimeContext => ({ now: Date.now(), timeZone: undefined })

/** Renders a shared component to a detached element: the same markup the server sends. */
export function toElement(vnode: VNode): HTMLElement {
  const holder = document.createElement('div')
  render(vnode, holder)
  return holder.firstElementChild as HTMLElement
}
