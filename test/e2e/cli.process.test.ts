import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import {
  CLI,
  createTokenViaCli,
  runCli,
  spawnServer,
  type ServerProcess,
} from '../helpers/process-server.js'
import { openSse } from '../helpers/sse.js'

const execFileAsync = promisify(execFile)

describe('sitrep CLI', () => {
  const servers: ServerProcess[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.kill9()
  })

  it('prints where to go next on first start, and a token create prints a working token on its last line', async () => {
    const env = { SITREP_DATA: tempDir() }
    const server = await spawnServer(env)
    servers.push(server)
    await expect
      .poll(() => server.output())
      .toMatch(/Sitrep is live at http:\/\/localhost:\d+[\s\S]*No stories yet[\s\S]*token create/)
    const token = await createTokenViaCli(env, 'editor')
    expect(token).toMatch(/^sitrep_[\w-]{40,}$/)
    const res = await request(server.url, 'POST', '/api/v1/stories', {
      token,
      body: { title: 'From the CLI' },
    })
    expect(res.status).toBe(201)
  })

  it('refuses bad configuration with every problem listed and exit code 1', async () => {
    const result = await execFileAsync(process.execPath, [CLI, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: 'ninety',
        DATABASE_URL: 'mysql://x',
        SITREP_DATA: tempDir(),
      },
    }).catch((error: { code: number; stderr: string }) => error)
    expect((result as { code: number }).code).toBe(1)
    expect((result as { stderr: string }).stderr).toMatch(
      /PORT must be an integer[\s\S]*DATABASE_URL must be a postgres/,
    )
  })

  it('refuses an unknown role and an unknown command', async () => {
    const env = { SITREP_DATA: tempDir() }
    await expect(runCli(env, ['token', 'create', '--role', 'boss'])).rejects.toMatchObject({
      code: 2,
    })
    await expect(runCli(env, ['frobnicate'])).rejects.toMatchObject({ code: 2 })
  })

  it('migrates, exports a story and imports it exactly into another data folder', async () => {
    const env = { SITREP_DATA: tempDir() }
    expect(await runCli(env, ['migrate'])).toMatch(/Applied \d+ migration\(s\): 0001-initial/)
    expect(await runCli(env, ['migrate'])).toMatch(/up to date/)
    const server = await spawnServer(env)
    servers.push(server)
    const token = await createTokenViaCli(env, 'editor')
    await request(server.url, 'POST', '/api/v1/stories', {
      token,
      body: { title: 'Export me', slug: 'export-me', lead: 'Lead' },
    })
    const u = await request(server.url, 'POST', '/api/v1/stories/export-me/updates', {
      token,
      body: { headline: 'First', status: 'published' },
    })
    await request(server.url, 'PATCH', `/api/v1/stories/export-me/updates/${u.body.id}`, {
      token,
      headers: { 'if-match': '"1"' },
      body: { headline: 'First, corrected' },
    })
    const file = path.join(tempDir(), 'export.json')
    await runCli(env, ['export', 'export-me', '--out', file])
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
    expect(doc.events).toHaveLength(2)
    expect(doc.updates[0].revisions).toHaveLength(2)

    const other = { SITREP_DATA: tempDir() }
    const out = await runCli(other, ['import', file])
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      imported: { story: 'export-me', updates: 1, events: 2, claims: 0 },
      skipped: [],
    })
    await expect(runCli(other, ['import', file])).rejects.toMatchObject({ code: 1 })
    const file2 = path.join(tempDir(), 'again.json')
    await runCli(other, ['export', 'export-me', '--out', file2])
    const again = JSON.parse(fs.readFileSync(file2, 'utf8'))
    expect({ ...again, exported_at: null }).toEqual({ ...doc, exported_at: null })
  })

  it('runs a demo that publishes live updates', async () => {
    const server = await spawnServer(
      { SITREP_DATA: tempDir() },
      { command: 'demo', args: ['--interval-ms', '500'] },
    )
    servers.push(server)
    const reader = openSse(`${server.url}/stories/demo-harbour-storm/events?lastEventId=0`)
    const messages = await reader.waitFor(2, 10_000)
    expect(messages.map((m) => m.data.type)).toEqual(['update.published', 'update.published'])
    reader.close()
  })
})
