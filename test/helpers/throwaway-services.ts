/**
 * Throwaway Redis and PostgreSQL instances for fault tests: started on free ports in temporary
 * folders, stopped and restarted at will, and removed afterwards. They never touch the machine's
 * own services.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './process-server.js'

const execFileAsync = promisify(execFile)

/** In CI with services required, a missing binary fails the run instead of skipping it. */
export const REQUIRE_SERVICES =
  process.env.CI === 'true' && process.env.SITREP_REQUIRE_SERVICES === '1'

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name)
    if (dir && fs.existsSync(candidate)) return candidate
  }
  return undefined
}

/** The newest installed PostgreSQL's bin folder (Debian's layout first, then PATH). */
function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions[0]) return path.join(root, versions[0], 'bin')
  }
  const initdb = onPath('initdb')
  return initdb ? path.dirname(initdb) : undefined
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function postgresUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  if (id.status !== 0 || gid.status !== 0) return undefined
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' }
}

/**
 * Why the throwaway services cannot run here, or undefined when they can. Under CI with
 * SITREP_REQUIRE_SERVICES=1 the caller must fail instead of skipping.
 */
export function throwawayServicesUnavailable(): string | undefined {
  if (!onPath('redis-server')) return 'redis-server is not on PATH'
  if (!postgresBinDir())
    return 'PostgreSQL binaries (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin or on PATH'
  if (process.getuid?.() === 0 && !postgresUser())
    return 'running as root, and there is no `postgres` user to run initdb and pg_ctl as'
  if (process.getuid?.() === 0 && !onPath('runuser'))
    return 'running as root, and runuser is missing'
  return undefined
}

export interface ThrowawayRedis {
  url: string
  port: number
  /** Stops the server at once (SIGKILL: nothing is flushed, as in a crash). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
}

/** A `redis-server` on a free port that keeps nothing on disk. */
export async function startRedis(): Promise<ThrowawayRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  let log = ''
  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = proc
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()))
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()))
    const deadline = Date.now() + 10_000
    while (!log.includes('Ready to accept connections')) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited:\n${log}`)
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${log}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    log = ''
  }
  const stop = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (!proc || proc.exitCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    destroy: async () => {
      await stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface ThrowawayPostgres {
  /** URL of the `sitrep` database on this instance. */
  url: string
  port: number
  /** `pg_ctl stop -m fast`: clients are disconnected, committed work is kept. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
}

/** `initdb` + `pg_ctl` in a temporary folder, listening on 127.0.0.1 and a free port only. */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir()
  if (!bin) throw new Error('PostgreSQL binaries not found')
  const user = postgresUser()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-pg-'))
  const data = path.join(dir, 'data')
  if (user) fs.chownSync(dir, user.uid, user.gid)
  const port = await freePort()
  const run = async (command: string, args: string[]): Promise<string> => {
    const [file, argv] = user
      ? ['runuser', ['-u', user.name, '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args]
    try {
      const { stdout } = await execFileAsync(file, argv, { cwd: dir, timeout: 60_000 })
      return stdout
    } catch (error) {
      const logFile = path.join(dir, 'postgres.log')
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''
      throw new Error(`${command} failed: ${String(error)}\n${tail}`, { cause: error })
    }
  }
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
  // Speed over safety: nothing here must survive a machine crash. The socket lives in the
  // folder so the lock never clashes with the machine's own server.
  const options = [
    `-p ${port}`,
    '-h 127.0.0.1',
    `-k ${dir}`,
    '-c fsync=off',
    '-c shared_buffers=16MB',
    '-c max_connections=60',
  ].join(' ')
  const start = async (): Promise<void> => {
    await run('pg_ctl', [
      '-D',
      data,
      '-o',
      options,
      '-l',
      path.join(dir, 'postgres.log'),
      '-w',
      'start',
    ])
  }
  const stop = async (): Promise<void> => {
    await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  await start()
  await run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'sitrep'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/sitrep`,
    port,
    stop,
    start,
    destroy: async () => {
      if (fs.existsSync(path.join(data, 'postmaster.pid')))
        await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
