/** Signs in over HTTP like the desk does and keeps the cookie and CSRF token for later requests. */
import { request, type JsonResponse } from './http.js'

export interface DeskSession {
  cookie: string
  csrf: string
  /** A request with the session cookie and, unless `csrf: false`, the CSRF header. */
  api<T = any>(
    method: string,
    path: string,
    options?: {
      body?: unknown
      raw?: Uint8Array
      headers?: Record<string, string>
      csrf?: boolean | string
    },
  ): Promise<JsonResponse<T>>
}

/** The `name=value` part of a Set-Cookie header for the session. */
export function sessionCookieOf(res: JsonResponse): string | undefined {
  const all = res.headers.getSetCookie()
  const found = all.find((c) => c.startsWith('sitrep_session='))
  return found?.split(';')[0]
}

export async function signIn(base: string, email: string, password: string): Promise<DeskSession> {
  const res = await request(base, 'POST', '/api/v1/session', { body: { email, password } })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`)
  const cookie = sessionCookieOf(res)
  if (!cookie) throw new Error('no session cookie')
  const csrf = res.body.csrf_token as string
  return {
    cookie,
    csrf,
    api: (method, path, options = {}) => {
      const headers: Record<string, string> = { cookie, ...options.headers }
      if (options.csrf !== false)
        headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : csrf
      return request(base, method, `/api/v1${path}`, {
        body: options.body,
        raw: options.raw,
        headers,
      })
    },
  }
}
