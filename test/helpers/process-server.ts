/** Spawns `sitrep serve` (the built CLI) as a real process on a free port, as operators run it. */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/sitrep.js')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  url: string
  port: number
  child: ChildProcess
  output: () => string
  /** What the process wrote on standard error alone (standard output carries the JSON log). */
  errorOutput: () => string
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>
  /** SIGKILL: no chance to flush anything. */
  kill9(): Promise<void>
}

export async function spawnServer(
  env: Record<string, string>,
  options: { port?: number; command?: 'serve' | 'demo'; args?: string[] } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort())
  const child = spawn(
    process.execPath,
    [CLI, options.command ?? 'serve', ...(options.args ?? [])],
    {
      env: {
        PATH: process.env.PATH ?? '',
        SITREP_LOG_LEVEL: 'warn',
        // Test feeds are served from 127.0.0.1, which a production server refuses to fetch.
        SITREP_FEEDS_ALLOW_PRIVATE: 'true',
        ...env,
        PORT: String(port),
        SITREP_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let errOut = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
    errOut += d.toString()
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const url = `http://127.0.0.1:${port}`
  // Generous: on a loaded two-core machine a cold start (PostgreSQL migrations, argon2) can take a while.
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not become ready:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    port,
    child,
    output: () => out,
    errorOutput: () => errOut,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
    kill9: async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Runs a CLI command with the env; returns stdout. */
export async function runCli(env: Record<string, string>, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      SITREP_LOG_LEVEL: 'warn',
      SITREP_FEEDS_ALLOW_PRIVATE: 'true',
      ...env,
    },
  })
  return stdout
}

/** `sitrep token create` and the token from its last line. */
export async function createTokenViaCli(
  env: Record<string, string>,
  role: 'contributor' | 'editor' | 'admin',
): Promise<string> {
  const out = await runCli(env, ['token', 'create', '--role', role])
  const last = out.trim().split('\n').pop() ?? ''
  return last.trim()
}
