import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { CLI, createTokenViaCli, runCli, spawnServer } from '../helpers/process-server.js'

const execFileAsync = promisify(execFile)
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures')

describe('sitrep import and extract', () => {
  it('imports a folder of text, Markdown and HTML as drafts once, with a report and a progress bar', async () => {
    const env = { SITREP_DATA: tempDir() }
    const dir = tempDir()
    fs.copyFileSync(
      path.join(FIXTURES, 'import/river-crisis-2031-03-04.txt'),
      path.join(dir, 'a.txt'),
    )
    fs.writeFileSync(path.join(dir, 'b.md'), '# River\n\nLead.\n\n## Bridges\n\nOpen again.\n')
    fs.writeFileSync(path.join(dir, 'c.html'), '<main><h2>Dam</h2><p>Inspected.</p></main>')
    fs.writeFileSync(path.join(dir, 'd.txt'), Buffer.from([0xff, 0xfe, 0x00]))
    const server = await spawnServer(env)
    try {
      const token = await createTokenViaCli(env, 'editor')
      await request(server.url, 'POST', '/api/v1/stories', {
        token,
        body: { title: 'River', slug: 'river' },
      })
      const first = await execFileAsync(
        process.execPath,
        [CLI, 'import', dir, '--story', 'river'],
        {
          env: { PATH: process.env.PATH ?? '', SITREP_LOG_LEVEL: 'warn', ...env },
        },
      ).catch((error: { code: number; stdout: string; stderr: string }) => error)
      // One unreadable file: reported, the others imported, exit code 1.
      expect((first as { code?: number }).code).toBe(1)
      const report = JSON.parse(first.stdout) as {
        imported: Array<{ file: string; drafts: unknown[] }>
        skipped: Array<{ file: string; code: string }>
      }
      expect(report.imported.map((f) => path.basename(f.file))).toEqual(['a.txt', 'b.md', 'c.html'])
      expect(report.skipped).toEqual([
        expect.objectContaining({ file: path.join(dir, 'd.txt'), code: 'IMPORT_UNREADABLE' }),
      ])
      expect(first.stderr).toMatch(/import \[#+\.*\] \d\/4/)

      fs.rmSync(path.join(dir, 'd.txt'))
      const again = JSON.parse(await runCli(env, ['import', dir, '--story', 'river'])) as {
        imported: unknown[]
        skipped: Array<{ code: string }>
      }
      expect(again.imported).toEqual([])
      expect(again.skipped.map((s) => s.code)).toEqual([
        'IMPORT_DUPLICATE',
        'IMPORT_DUPLICATE',
        'IMPORT_DUPLICATE',
      ])
      const list = await request(
        server.url,
        'GET',
        '/api/v1/stories/river/updates?status=all&limit=100',
        {
          token,
        },
      )
      expect(list.body.items.length).toBe(report.imported.flatMap((f) => f.drafts).length)
      expect(list.body.items.every((u: { status: string }) => u.status === 'draft')).toBe(true)
    } finally {
      await server.kill9()
    }
  })

  it('asks for --story rather than reading text as an export', async () => {
    const env = { SITREP_DATA: tempDir() }
    const out = await runCli(env, [
      'import',
      path.join(FIXTURES, 'import/river-crisis-2031-03-04.txt'),
    ]).catch((error: { code: number; stderr: string }) => error)
    // Text without --story is refused with a usage message rather than read as an export.
    expect((out as { code?: number }).code).toBe(2)
  })

  it('prints one JSON line per file with offsets into the text as read', async () => {
    const dir = tempDir()
    const text =
      '\uFEFF date 2031-03-04 Crews said the 🌊 levee held. "It is holding," said Mayor Ana Kos. ' +
      // A role before a name is a source when wink-nlp tags the role as a noun: the model loads.
      '“The water came at night,” fisherman Jon Dale said.'
    fs.writeFileSync(path.join(dir, 'one.txt'), text)
    fs.writeFileSync(path.join(dir, 'two.txt'), 'Nothing reported here')
    const out = await runCli({}, [
      'extract',
      path.join(dir, 'one.txt'),
      path.join(dir, 'two.txt'),
      '--format',
      'jsonl',
    ])
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(2)
    const [one, two] = lines as Array<{
      file: string
      text_length: number
      attributions: Array<
        Record<string, { start: number; end: number; text: string } | string | null>
      >
    }>
    expect(Object.keys(one!)).toEqual(['file', 'text_length', 'attributions'])
    expect(one!.text_length).toBe(text.length)
    expect(one!.attributions.map((a) => Object.keys(a))).toEqual([
      ['source', 'cue', 'content', 'stance', 'source_id'],
      ['source', 'cue', 'content', 'stance', 'source_id'],
      ['source', 'cue', 'content', 'stance', 'source_id'],
    ])
    for (const a of one!.attributions) {
      for (const key of ['source', 'cue', 'content'] as const) {
        const span = a[key] as { start: number; end: number; text: string }
        expect(text.slice(span.start, span.end)).toBe(span.text)
      }
    }
    expect(one!.attributions[1]).toMatchObject({
      source: { text: 'Mayor Ana Kos' },
      content: { text: 'It is holding' },
      stance: 'asserts',
      source_id: 'ana-kos',
    })
    expect(one!.attributions[2]).toMatchObject({
      source: { text: 'fisherman Jon Dale' },
      content: { text: 'The water came at night' },
    })
    expect(two).toEqual({ file: path.join(dir, 'two.txt'), text_length: 21, attributions: [] })
  })

  it('follows a feed with sitrep feeds add, and refuses an address that is not http(s)', async () => {
    const env = { SITREP_DATA: tempDir() }
    const server = await spawnServer(env)
    try {
      const token = await createTokenViaCli(env, 'editor')
      await request(server.url, 'POST', '/api/v1/stories', {
        token,
        body: { title: 'River', slug: 'river' },
      })
    } finally {
      await server.kill9()
    }
    const out = JSON.parse(
      await runCli(env, ['feeds', 'add', 'https://wire.example/feed.xml', '--story', 'river']),
    ) as Record<string, unknown>
    expect(out).toMatchObject({ url: 'https://wire.example/feed.xml', interval_seconds: 300 })
    const bad = await runCli(env, [
      'feeds',
      'add',
      'ftp://wire.example/x',
      '--story',
      'river',
    ]).catch((error: { code: number; stderr: string }) => error)
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('FEED_URL_INVALID') })
  })
})
