import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

const TEXT = [
  'date 2031-03-04 The river rose overnight, the hydrological service said.',
  'Bridge closed',
  'The ministry said that the old bridge was closed to traffic.',
].join('\n\n')

describe.each(BACKENDS)('extraction limits on %s', (backend) => {
  let server: TestServer
  let editor: string
  let contributor: string
  let wire: http.Server
  const api = (method: string, path: string, options: Parameters<typeof request>[3] = {}) =>
    request(server.url, method, `/api/v1${path}`, options)

  beforeAll(async () => {
    // A limit no reading can meet: every import runs out of time on its worker thread.
    server = await startTestServer(backend, { SITREP_EXTRACT_TIMEOUT_MS: '1' })
    editor = await server.token('editor')
    contributor = await server.token('contributor')
    const res = await api('POST', '/stories', {
      token: editor,
      body: { title: 'River', slug: 'river' },
    })
    expect(res.status).toBe(201)
  })
  afterAll(async () => {
    await server?.close()
    await new Promise((resolve) => wire?.close(resolve))
  })

  const count = async (table: 'import_record' | 'inbox_entry' | 'story_update') =>
    server.rows(table)

  it('refuses an import over the time limit with 422 IMPORT_TOO_SLOW and writes nothing', async () => {
    const before = await Promise.all([
      count('import_record'),
      count('inbox_entry'),
      count('story_update'),
    ])
    const res = await api('POST', '/stories/river/imports', {
      token: contributor,
      body: { text: TEXT, file_name: 'river.txt' },
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('IMPORT_TOO_SLOW')
    expect(res.body.error.message).toMatch(/took longer than 0\.001 s/)
    expect(
      await Promise.all([count('import_record'), count('inbox_entry'), count('story_update')]),
    ).toEqual(before)
  })

  it('still answers other requests after a job was cut off', async () => {
    const res = await api('GET', '/stories/river/inbox', { token: contributor })
    expect(res.status).toBe(200)
  })

  it('fails a poll whose feed document cannot be read in time, keeping nothing and retrying later', async () => {
    wire = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' })
      res.end(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>w1</guid>' +
          '<title>Levee holds</title><description>The water authority said the levee held.' +
          '</description></item></channel></rss>',
      )
    })
    await new Promise<void>((resolve) => wire.listen(0, '127.0.0.1', resolve))
    const { port } = wire.address() as AddressInfo
    const added = await api('POST', '/stories/river/feeds', {
      token: editor,
      body: { url: `http://127.0.0.1:${port}/wire.xml` },
    })
    expect(added.status).toBe(201)
    const before = await Promise.all([count('import_record'), count('story_update')])
    const poll = await api('POST', `/stories/river/feeds/${added.body.id}/poll`, { token: editor })
    expect(poll.status).toBe(200)
    // The document itself is parsed on the extraction threads, under the same limit.
    expect(poll.body).toMatchObject({
      status: 'failed',
      drafts: 0,
      error: { code: 'IMPORT_TOO_SLOW', message: expect.stringContaining('Reading the feed') },
    })
    expect(await Promise.all([count('import_record'), count('story_update')])).toEqual(before)
    const listed = await api('GET', '/stories/river/feeds', { token: editor })
    expect(listed.body.items[0]).toMatchObject({ status: 'failing', failures: 1 })
  })
})
