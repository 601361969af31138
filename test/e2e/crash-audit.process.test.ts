/**
 * Process-level: `kill -9` in the middle of a burst of writes of several kinds. Whatever the
 * moment of the kill, each change and its audit row are both there or both absent, and every
 * write acknowledged before the kill survives the restart.
 */
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { request } from '../helpers/http.js'
import { createTokenViaCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'
import { createStory, range } from '../helpers/stream-client.js'

/** Server processes start one after another on a shared two-core machine: be generous. */
const SLOW = { timeout: 150_000 }

type Kind = 'update' | 'attribution' | 'source'
const KINDS: Kind[] = ['update', 'attribution', 'source']

/** Audit rows naming each written row, and rows named by audit rows, per kind. */
function readBack(file: string): Record<Kind, { rows: string[]; audited: string[] }> {
  const db = new Database(file, { readonly: true })
  try {
    const ids = (sql: string): string[] =>
      (db.prepare(sql).all() as Array<{ id: string }>).map((r) => r.id)
    const audited = (kind: Kind): string[] =>
      (
        db
          .prepare('SELECT target_id AS id FROM audit_entry WHERE target_type = ?')
          .all(kind) as Array<{ id: string }>
      ).map((r) => r.id)
    return {
      update: { rows: ids('SELECT id FROM story_update'), audited: audited('update') },
      attribution: { rows: ids('SELECT id FROM attribution'), audited: audited('attribution') },
      source: { rows: ids('SELECT id FROM source'), audited: audited('source') },
    }
  } finally {
    db.close()
  }
}

describe('kill -9 in a burst of writes: each change and its audit row', SLOW, () => {
  const servers: ServerProcess[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill9()
  })

  it('are both there or both absent, and every acknowledged write is there', async () => {
    const env = { SITREP_DATA: tempDir() }
    const token = await createTokenViaCli(env, 'editor')
    const victim = await spawnServer(env)
    servers.push(victim)
    const slug = 'crash'
    await createStory(victim.url, token, slug)
    const post = (url: string, body: unknown) =>
      request(victim.url, 'POST', `/api/v1${url}`, { token, body })
    const claims = await Promise.all(
      range(1, 3).map(
        async (i) =>
          (await post(`/stories/${slug}/claims`, { proposition: `Claim ${i}` })).body.id as string,
      ),
    )
    const named = (await post('/sources', { name: 'Harbour office', kind: 'government' })).body
      .id as string

    // One write of the given kind; statements name an existing source, so each action writes
    // exactly one row of the kinds checked.
    const write = (kind: Kind, w: number, i: number) =>
      kind === 'update'
        ? post(`/stories/${slug}/updates`, { headline: `Burst ${w}.${i}`, status: 'published' })
        : kind === 'attribution'
          ? post(`/claims/${claims[i % claims.length]}/attributions`, {
              source: { id: named },
              stance: 'asserts',
              quote: `said ${w}.${i}`,
            })
          : post('/sources', { name: `Source ${w}.${i}`, kind: 'agency' })

    const acknowledged: Record<Kind, string[]> = { update: [], attribution: [], source: [] }
    let killed: Promise<void> | undefined
    const writer = async (w: number): Promise<void> => {
      for (let i = 1; !killed; i++) {
        const kind = KINDS[(w + i) % KINDS.length]!
        let res: Awaited<ReturnType<typeof write>>
        try {
          res = await write(kind, w, i)
        } catch {
          return // the process is gone
        }
        expect(res.status, `${kind} ${w}.${i}`).toBe(201)
        acknowledged[kind].push(res.body.id as string)
        const total = KINDS.reduce((n, k) => n + acknowledged[k].length, 0)
        if (total >= 45) killed ??= victim.kill9()
      }
    }
    await Promise.all(range(1, 6).map(writer))
    await killed

    const server = await spawnServer(env)
    servers.push(server)
    for (const id of acknowledged.update) {
      const res = await request(server.url, 'GET', `/api/v1/stories/${slug}/updates/${id}`)
      expect(res.status, id).toBe(200)
    }
    await server.stop()

    const found = readBack(path.join(env.SITREP_DATA, 'sitrep.db'))
    for (const kind of KINDS) {
      const { rows, audited } = found[kind]
      expect(acknowledged[kind].length, kind).toBeGreaterThan(0)
      for (const id of acknowledged[kind]) expect(rows, `${kind} ${id}`).toContain(id)
      // One row per change, naming it, and no row naming a change that is not there.
      expect([...audited].sort(), kind).toEqual([...rows].sort())
    }
  })
})
