/** The desk's only way to the server: /api/v1, with the session cookie and the CSRF token. */

export interface User {
  id: string
  email: string
  display_name: string
  role: 'contributor' | 'editor' | 'admin'
  active: boolean
  must_change_password: boolean
  created_at: string
  last_login_at: string | null
}

export interface Story {
  id: string
  slug: string
  title: string
  lead: string
  lead_html: string
  developing: boolean
  status: 'live' | 'paused' | 'ended'
  version: number
  last_event_id: number
  updated_at: string
}

export interface Media {
  url: string
  caption: string
  credit: string
  alt: string
}
export interface Related {
  title: string
  url: string
}
export interface Source {
  name: string
  url?: string
  kind: string
}

export interface Update {
  id: string
  story: string
  headline: string
  body: string
  body_html: string
  media: Media[]
  related: Related[]
  sources: Source[]
  pinned: boolean
  key_event: boolean
  status: 'draft' | 'published' | 'deleted'
  author: string
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  edited_at: string | null
}

export interface Revision {
  version: number
  actor: string
  created_at: string
  update: Update
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message)
  }
}

let csrfToken = ''
export const setCsrf = (token: string): void => {
  csrfToken = token
}

/** Called when the server says the session has ended, so the desk can show the sign-in form. */
let onSignedOut: () => void = () => {}
export const whenSignedOut = (handler: () => void): void => {
  onSignedOut = handler
}

export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; raw?: Blob; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken
  let body: BodyInit | undefined
  if (options.raw) {
    body = options.raw
    headers['content-type'] ??= 'application/octet-stream'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] = 'application/json'
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' })
  if (res.status === 204) return undefined as T
  const data = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: unknown }
  }
  if (!res.ok) {
    const error = data.error ?? { code: 'UNKNOWN', message: res.statusText }
    if (res.status === 401 && path !== '/session') onSignedOut()
    throw new ApiError(res.status, error.code, error.message, error.details)
  }
  return data as T
}

export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` })
