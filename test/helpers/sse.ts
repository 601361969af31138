/** A minimal SSE reader for tests: collects events from a real HTTP stream (no EventSource polyfill). */
import http from 'node:http'

export interface SseMessage {
  id?: string
  data: any
  raw: string
}

export interface SseReader {
  messages: SseMessage[]
  /** Resolves when at least `count` messages arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<SseMessage[]>
  closed: Promise<void>
  close(): void
  status: Promise<number>
}

export function openSse(url: string, headers: Record<string, string> = {}): SseReader {
  const messages: SseMessage[] = []
  const waiters: Array<() => void> = []
  let resolveClosed!: () => void
  const closed = new Promise<void>((r) => (resolveClosed = r))
  let resolveStatus!: (s: number) => void
  const status = new Promise<number>((r) => (resolveStatus = r))
  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    resolveStatus(res.statusCode ?? 0)
    res.setEncoding('utf8')
    let buffer = ''
    res.on('data', (chunk: string) => {
      buffer += chunk
      let end: number
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const lines = block.split('\n')
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6))
        if (data.length === 0) continue
        const id = lines.find((l) => l.startsWith('id: '))?.slice(4)
        const text = data.join('\n')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          // keep the raw text
        }
        messages.push({ id, data: parsed, raw: block })
        for (const w of waiters.splice(0)) w()
      }
    })
    res.on('close', resolveClosed)
  })
  req.on('error', () => {
    resolveStatus(0)
    resolveClosed()
  })
  const waitFor = (count: number, timeoutMs = 5000): Promise<SseMessage[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${count} SSE messages; got ${messages.length}: ${messages.map((m) => m.raw).join(' | ')}`,
            ),
          ),
        timeoutMs,
      )
      const check = (): void => {
        if (messages.length >= count) {
          clearTimeout(timer)
          resolve(messages.slice())
        } else waiters.push(check)
      }
      check()
    })
  return { messages, waitFor, closed, close: () => req.destroy(), status }
}
