/** A small JSON client for tests: real HTTP via fetch, with the response body parsed. */
export interface JsonResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

export async function request<T = any>(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string
    body?: unknown
    raw?: string | Uint8Array
    headers?: Record<string, string>
  } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | Uint8Array | undefined
  if (options.raw !== undefined) body = options.raw
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json'
  const res = await fetch(base + path, { method, headers, body: body as BodyInit | undefined })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}
