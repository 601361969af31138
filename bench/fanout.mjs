#!/usr/bin/env node
/**
 * bench/fanout.mjs — SSE fan-out benchmark: Sitrep vs the minimal Node SSE server vs nginx+nchan,
 * on the same machine in the same run, with the shared load harness (sse-fanout.mjs).
 *
 *   npm run bench:fanout                                  # 10,000 readers, all three servers
 *   npm run bench:fanout -- --readers 1000,10000 --reps 2
 *   npm run bench:fanout -- --servers sitrep,node --readers 1000 --no-append
 *
 * Every run gets a freshly started server. One JSON line per run goes to stdout, then a table;
 * the table (and the JSON lines) are appended to bench/RESULTS.md with the date.
 * `node bench/fanout.mjs --help` lists every flag. Plain Node, no dependencies.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SERVERS = ['sitrep', 'node', 'nchan']

const HELP = `bench/fanout.mjs — SSE fan-out benchmark (Sitrep vs minimal Node SSE server vs nginx+nchan)

Each run: start a fresh server, measure its idle memory, open N readers on one stream, publish M
updates, measure publish-to-receive latency of every (reader, update), stop the server.
Servers are interleaved per reader count, so they share the machine's conditions.

Flags (env in parentheses) [default]
  --readers LIST       reader counts, comma list (BENCH_READERS)                   [10000]
  --messages M         updates published per run (BENCH_MESSAGES)                  [20]
  --interval-ms I      gap between publishes (BENCH_INTERVAL_MS)                   [200]
  --servers LIST       any of sitrep,node,nchan (BENCH_SERVERS)                    [sitrep,node,nchan]
  --reps R             runs per (server, reader count) (BENCH_REPS)                [1]
  --pause-s S          pause between runs, lets sockets and CPU settle             [3]
  --quiet-wait-s S     before each run, wait up to S s for the machine to be idle
                       (other processes busy < 25 % of a core); 0 = do not wait     [120]
  --harness-dir DIR    folder with sse-fanout.mjs, node-sse-baseline.mjs, nchan.conf
                       (SITREP_BENCH_DIR)                                          [../shared/bench]
  --results FILE       Markdown file to append to                                  [bench/RESULTS.md]
  --no-append          print only; do not touch RESULTS.md
  --log-level L        Sitrep's SITREP_LOG_LEVEL during the bench                  [warn]
                       (info logs every request: at 10k connections that costs a lot)
  --reference-payload-bytes B  pad the node / nchan messages by B bytes; Sitrep's event frame is
                       ~550 bytes against their ~50, so 500 compares equal frames     [0]
  --cpu-prof DIR       run Sitrep with node --cpu-prof, profiles written to DIR
  --note TEXT          a line copied into RESULTS.md (e.g. what changed)
  --verbose            pass the harness's per-second progress through
  -h, --help

What it needs
  - ../shared/bench (or --harness-dir): the load harness and reference servers.
  - for nchan: nginx with the nchan module (Debian: apt-get install -y nginx libnginx-mod-nchan),
    and ports 8090 free; /tmp/nchan-bench is used as nginx's prefix (nchan.conf says so).
  - a built Sitrep (npm run bench:fanout builds it first).
  - open files: a server holds one per reader. The script raises its soft limit (ulimit -n) to
    the hard limit, which everything it starts inherits; each single-process server needs
    readers + ~100, and the harness's worker processes hold the client ends.
`

// ---------------------------------------------------------------------------------------------
// Options

const { values: o } = parseArgs({
  options: {
    readers: { type: 'string', default: process.env.BENCH_READERS ?? '10000' },
    messages: { type: 'string', default: process.env.BENCH_MESSAGES ?? '20' },
    'interval-ms': { type: 'string', default: process.env.BENCH_INTERVAL_MS ?? '200' },
    servers: { type: 'string', default: process.env.BENCH_SERVERS ?? SERVERS.join(',') },
    reps: { type: 'string', default: process.env.BENCH_REPS ?? '1' },
    'pause-s': { type: 'string', default: '3' },
    'quiet-wait-s': { type: 'string', default: process.env.BENCH_QUIET_WAIT_S ?? '120' },
    'harness-dir': {
      type: 'string',
      default: process.env.SITREP_BENCH_DIR ?? path.resolve(ROOT, '../shared/bench'),
    },
    results: { type: 'string', default: path.join(ROOT, 'bench/RESULTS.md') },
    'no-append': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
    'reference-payload-bytes': { type: 'string', default: '0' },
    'cpu-prof': { type: 'string' },
    note: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (o.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

const fail = (message) => {
  process.stderr.write(`bench:fanout: ${message}\n`)
  process.exit(2)
}
const positiveInt = (name, raw, max) => {
  const v = Number(raw)
  if (!Number.isInteger(v) || v < 1 || v > max)
    fail(`--${name} must be an integer from 1 to ${max}, got "${raw}"`)
  return v
}
const readerCounts = o.readers.split(',').map((s) => positiveInt('readers', s.trim(), 200000))
const messages = positiveInt('messages', o.messages, 100000)
const intervalMs = positiveInt('interval-ms', o['interval-ms'], 60000)
const reps = positiveInt('reps', o.reps, 20)
const pauseS = Number(o['pause-s']) >= 0 ? Number(o['pause-s']) : 3
const quietWaitS = Number(o['quiet-wait-s']) >= 0 ? Number(o['quiet-wait-s']) : 120
const refPad = Number(o['reference-payload-bytes'])
if (!Number.isInteger(refPad) || refPad < 0 || refPad > 65536)
  fail(
    `--reference-payload-bytes must be an integer from 0 to 65536, got "${o['reference-payload-bytes']}"`,
  )
const servers = o.servers.split(',').map((s) => s.trim())
for (const s of servers)
  if (!SERVERS.includes(s)) fail(`unknown server "${s}" in --servers (use ${SERVERS.join(',')})`)
const log = (line) => process.stderr.write(`[bench] ${line}\n`)

// ---------------------------------------------------------------------------------------------
// Open files: raise the soft limit to the hard one by re-running under `ulimit -n` (Node has no
// setrlimit). Everything started from here (servers, harness workers) inherits it.

const fdLimits = () => {
  const line = fs
    .readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))
  const [soft, hard] = line.split(/\s+/).slice(3, 5)
  const n = (v) => (v === 'unlimited' ? Infinity : Number(v))
  return { soft: n(soft), hard: n(hard) }
}
let fd = { soft: 1024, hard: 1024 }
try {
  fd = fdLimits()
} catch {
  /* not Linux: keep the guess; the checks below warn */
}
// ---------------------------------------------------------------------------------------------
// Preflight: say what is missing instead of failing obscurely.

function preflight() {
  const dir = path.resolve(o['harness-dir'])
  const problems = []
  const need = ['sse-fanout.mjs', ...(servers.includes('node') ? ['node-sse-baseline.mjs'] : [])]
  if (servers.includes('nchan')) need.push('nchan.conf')
  const missing = need.filter((f) => !fs.existsSync(path.join(dir, f)))
  if (missing.length)
    problems.push(
      `the SSE load harness is not there: ${missing.join(', ')} missing in ${dir}.\n` +
        '    It lives in the shared bench folder beside the project (../shared/bench: sse-fanout.mjs,\n' +
        '    node-sse-baseline.mjs, nchan.conf). Point --harness-dir (or SITREP_BENCH_DIR) at a copy.',
    )
  if (servers.includes('nchan')) {
    const nginx = which('nginx')
    if (!nginx)
      problems.push(
        'nginx is not installed (needed for --servers nchan).\n' +
          '    Debian/Ubuntu: apt-get install -y nginx libnginx-mod-nchan   — or leave nchan out: --servers sitrep,node',
      )
    else if (!fs.existsSync('/usr/lib/nginx/modules/ngx_nchan_module.so'))
      problems.push(
        'the nchan module is missing (/usr/lib/nginx/modules/ngx_nchan_module.so).\n' +
          '    Debian/Ubuntu: apt-get install -y libnginx-mod-nchan   — or leave nchan out: --servers sitrep,node',
      )
  }
  if (servers.includes('sitrep') && !fs.existsSync(path.join(ROOT, 'dist/cli/sitrep.js')))
    problems.push(
      'Sitrep is not built (dist/cli/sitrep.js): run `npm run build`, or use `npm run bench:fanout`.',
    )
  const maxReaders = Math.max(...readerCounts)
  if (maxReaders + 200 > fd.soft)
    problems.push(
      `open-file limit ${fd.soft} (hard ${fd.hard}) is too low for ${maxReaders} readers in one server process ` +
        `(needs about ${maxReaders + 200}).\n    Raise the hard limit (e.g. ulimit -Hn / limits.conf) or bench fewer readers.`,
    )
  if (problems.length) fail(`cannot run:\n  - ${problems.join('\n  - ')}`)
  return dir
}

function which(cmd) {
  for (const p of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const f = path.join(p, cmd)
    try {
      fs.accessSync(f, fs.constants.X_OK)
      return f
    } catch {
      /* next */
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// Process helpers

const running = new Set()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function stopAll() {
  for (const p of running) {
    try {
      p.kill('SIGKILL')
    } catch {
      /* gone */
    }
  }
}
process.on('SIGINT', () => {
  stopAll()
  process.exit(130)
})

function start(cmd, args, { env, logFile }) {
  const out = fs.openSync(logFile, 'a')
  const child = spawn(cmd, args, { env, stdio: ['ignore', out, out] })
  fs.closeSync(out)
  running.add(child)
  child.exited = new Promise((res) => child.on('exit', (code, signal) => res(signal ?? code)))
  void child.exited.then(() => running.delete(child))
  return child
}

/** Ends a server by its own pid: the polite signal first, SIGKILL after `graceMs`. */
async function stop(child, signal = 'SIGTERM', graceMs = 15000) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill(signal)
  const r = await Promise.race([child.exited, sleep(graceMs).then(() => 'timeout')])
  if (r === 'timeout') {
    log(`pid ${child.pid} did not exit within ${graceMs} ms of ${signal}; killing it`)
    child.kill('SIGKILL')
    await child.exited
  }
}

const portFree = (port) =>
  new Promise((res) => {
    const s = net.createServer()
    s.once('error', () => res(false))
    s.listen({ port, host: '127.0.0.1' }, () => s.close(() => res(true)))
  })

const freePort = () =>
  new Promise((res, rej) => {
    const s = net.createServer()
    s.once('error', rej)
    s.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

async function waitFor(check, what, child, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (child && child.exitCode !== null)
      throw new Error(`${what}: the process exited (${child.exitCode})`)
    try {
      if (await check()) return
    } catch {
      /* not yet */
    }
    await sleep(100)
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms`)
}

const canConnect = (port) =>
  new Promise((res) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.destroy()
      res(true)
    })
    s.once('error', () => res(false))
  })

/** The pid and its direct children (nginx workers, cluster workers). */
function familyOf(pid) {
  const pids = [pid]
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      if (Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(d))
    } catch {
      /* vanished */
    }
  }
  return pids
}

/** RSS and PSS (KiB) summed over a server's processes. */
function memoryOf(pid) {
  let rss = 0
  let pss = 0
  for (const p of familyOf(pid)) {
    try {
      const r = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8')
      rss += Number(/^Rss:\s+(\d+)/m.exec(r)?.[1] ?? 0)
      pss += Number(/^Pss:\s+(\d+)/m.exec(r)?.[1] ?? 0)
    } catch {
      /* gone */
    }
  }
  return { rssKb: rss, pssKb: pss }
}

const CLK_TCK =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

/** CPU seconds (user + system) used so far by a server's processes. */
function cpuSecondsOf(pid) {
  let ticks = 0
  for (const p of familyOf(pid)) {
    try {
      const st = fs.readFileSync(`/proc/${p}/stat`, 'utf8')
      const x = st.slice(st.lastIndexOf(')') + 2).split(' ')
      ticks += Number(x[11]) + Number(x[12])
    } catch {
      /* gone */
    }
  }
  return ticks / CLK_TCK
}

/** Busy CPU of the whole machine over `ms` (100 = one core), from /proc/stat. */
async function machineBusyPct(ms) {
  const read = () => {
    const v = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number)
    const total = v.reduce((a, b) => a + b, 0)
    return { busy: total - v[3] - (v[4] || 0), total }
  }
  const a = read()
  await sleep(ms)
  const b = read()
  return ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100 * os.cpus().length
}

/**
 * Other work on the machine (builds, tests) skews every figure: wait until two consecutive
 * seconds are quiet, or give up after `quietWaitS` and say so (the run is marked noisy).
 */
async function waitForQuiet() {
  if (!quietWaitS) return null
  const end = Date.now() + quietWaitS * 1000
  let quietSeconds = 0
  let last = 0
  let told = false
  while (Date.now() < end) {
    last = await machineBusyPct(1000)
    quietSeconds = last < 25 ? quietSeconds + 1 : 0
    if (quietSeconds >= 2) return last
    if (!told && quietSeconds === 0) {
      log(
        `machine busy (${last.toFixed(0)} % of a core used by other processes); waiting up to ${quietWaitS} s`,
      )
      told = true
    }
  }
  log(
    `machine still busy (${last.toFixed(0)} %) after ${quietWaitS} s; running anyway — figures are noisy`,
  )
  return last
}

// ---------------------------------------------------------------------------------------------
// The three servers. Each starter returns { child, pid, stopSignal, harnessArgs }.

const LOGS = { sitrep: 'sitrep.log', node: 'node-baseline.log', nchan: 'nginx.log' }
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-bench-'))

/**
 * Sitrep as built when the bench started: dist/ (and the web/ assets it reads) are copied once, so
 * a rebuild while the bench runs (another terminal, a watcher) cannot change or break what is
 * measured. node_modules is linked, not copied.
 */
let appSnapshot
function sitrepApp() {
  if (appSnapshot) return appSnapshot
  const dir = path.join(WORK, 'app')
  fs.mkdirSync(dir)
  for (const entry of ['dist', 'web', 'package.json'])
    if (fs.existsSync(path.join(ROOT, entry)))
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  appSnapshot = dir
  return dir
}

const starters = {
  async sitrep() {
    const data = fs.mkdtempSync(path.join(WORK, 'data-'))
    const port = await freePort()
    const env = {
      ...process.env,
      PORT: String(port),
      SITREP_HOST: '127.0.0.1',
      SITREP_DATA: data,
      SITREP_LOG_LEVEL: o['log-level'],
      // Every bench reader comes from 127.0.0.1: lift the per-address stream cap above them.
      SITREP_STREAM_MAX_PER_CLIENT: String(Math.max(...readerCounts) + 100),
      NODE_ENV: 'production',
    }
    const cli = path.join(sitrepApp(), 'dist/cli/sitrep.js')
    const token = execFileSync(
      process.execPath,
      [cli, 'token', 'create', '--role', 'editor', '--name', 'bench'],
      {
        env,
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .at(-1)
      .trim()
    const nodeArgs = o['cpu-prof']
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o['cpu-prof'])}`]
      : []
    const child = start(process.execPath, [...nodeArgs, cli, 'serve'], {
      env,
      logFile: path.join(WORK, 'sitrep.log'),
    })
    const base = `http://127.0.0.1:${port}`
    await waitFor(
      async () => (await fetch(`${base}/readyz`)).status === 200,
      'sitrep /readyz',
      child,
    )
    const res = await fetch(`${base}/api/v1/stories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Bench', slug: 'bench' }),
    })
    if (res.status !== 201)
      throw new Error(`creating the bench story: HTTP ${res.status} ${await res.text()}`)
    return {
      child,
      pid: child.pid,
      stopSignal: 'SIGTERM',
      harnessArgs: [
        '--url',
        `${base}/stories/bench/events`,
        '--publish-url',
        `${base}/api/v1/stories/bench/updates`,
        '--publish-header',
        `Authorization: Bearer ${token}`,
        '--publish-body-template',
        '{"headline":"bench {seq}","body":"{\\"bseq\\":{seq},\\"bts\\":{ts}}","status":"published"}',
        '--seq-key',
        'bseq',
        '--ts-key',
        'bts',
      ],
    }
  },

  async node(harnessDir) {
    const port = await freePort()
    const child = start(
      process.execPath,
      [path.join(harnessDir, 'node-sse-baseline.mjs'), '--port', String(port), '--workers', '1'],
      { env: process.env, logFile: path.join(WORK, 'node-baseline.log') },
    )
    await waitFor(() => canConnect(port), 'node baseline', child)
    return {
      child,
      pid: child.pid,
      stopSignal: 'SIGTERM',
      harnessArgs: [
        '--url',
        `http://127.0.0.1:${port}/sub`,
        '--publish-url',
        `http://127.0.0.1:${port}/publish`,
      ],
    }
  },

  async nchan(harnessDir) {
    // nchan.conf fixes the port (8090) and its prefix (/tmp/nchan-bench).
    const prefix = '/tmp/nchan-bench'
    fs.mkdirSync(prefix, { recursive: true })
    if (!(await portFree(8090)))
      throw new Error('port 8090 (nchan.conf) is taken; stop whatever holds it')
    const child = start(
      which('nginx'),
      [
        '-p',
        prefix,
        '-e',
        `${prefix}/error.log`,
        '-c',
        path.join(harnessDir, 'nchan.conf'),
        '-g',
        'daemon off;',
      ],
      { env: process.env, logFile: path.join(WORK, 'nginx.log') },
    )
    await waitFor(() => canConnect(8090), 'nginx+nchan', child)
    return {
      child,
      pid: child.pid,
      stopSignal: 'SIGQUIT',
      harnessArgs: [
        '--mode',
        'nchan',
        '--url',
        'http://127.0.0.1:8090/sub/{run}',
        '--publish-url',
        'http://127.0.0.1:8090/pub/{run}',
      ],
    }
  },
}

// ---------------------------------------------------------------------------------------------
// One run

async function runOnce(harnessDir, server, readers, rep) {
  const label = `${server} n=${readers} rep=${rep}`
  const busyBefore = await waitForQuiet()
  log(`== ${label}`)
  const s = await starters[server](harnessDir).catch((error) => {
    const logFile = path.join(WORK, LOGS[server])
    const tail = fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n    ')
      : ''
    throw new Error(
      `${label}: ${error.message}${tail ? `\n  its output (${logFile}):\n    ${tail}` : ''}`,
    )
  })
  try {
    await sleep(1000) // let startup garbage settle before the idle sample
    const idle = memoryOf(s.pid)
    let connected = null
    let cpuAtConnected = null
    let cpuAtPublished = null
    const harness = spawn(
      process.execPath,
      [
        path.join(harnessDir, 'sse-fanout.mjs'),
        ...s.harnessArgs,
        '--subscribers',
        String(readers),
        '--messages',
        String(messages),
        '--interval-ms',
        String(intervalMs),
        '--settle-ms',
        '2000',
        '--timeout-s',
        String(Math.min(3600, 120 + Math.ceil((messages * intervalMs) / 1000))),
        '--server-pid',
        String(s.pid),
        '--label',
        label,
        ...(server === 'sitrep' ? [] : ['--payload-bytes', String(refPad)]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    running.add(harness)
    let stdout = ''
    harness.stdout.on('data', (c) => (stdout += c))
    let buf = ''
    harness.stderr.on('data', (c) => {
      buf += c
      let i
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        if (/connect phase done/.test(line)) {
          // Every reader is connected and nothing is published yet: the idle-reader sample.
          setTimeout(() => {
            connected = memoryOf(s.pid)
            cpuAtConnected = cpuSecondsOf(s.pid)
          }, 1000)
        }
        // Every publish answered: what the server spent between the two marks is the fan-out
        // of M updates (plus their API requests); stragglers of the last one may be missed.
        if (/published \d+\/\d+ ok/.test(line)) cpuAtPublished = cpuSecondsOf(s.pid)
        if (
          o.verbose ||
          !/^\S*\s*connected \d+\/\d+ failed/.test(line.replace(/^\[[^\]]*\]\s*/, ''))
        )
          process.stderr.write(`  ${line}\n`)
      }
    })
    const code = await new Promise((res) => harness.on('exit', (c, sig) => res(sig ?? c)))
    running.delete(harness)
    const line = stdout.split('\n').find((l) => l.startsWith('{'))
    if (!line) throw new Error(`${label}: the harness printed no result (exit ${code})`)
    const result = JSON.parse(line)
    const perReaderKb =
      connected && result.connected
        ? Math.round(((connected.rssKb - idle.rssKb) / result.connected) * 100) / 100
        : null
    const perReaderPssKb =
      connected && result.connected
        ? Math.round(((connected.pssKb - idle.pssKb) / result.connected) * 100) / 100
        : null
    result.bench = {
      server,
      readers,
      rep,
      date: new Date().toISOString(),
      sitrep_log_level: server === 'sitrep' ? o['log-level'] : undefined,
      idle_rss_mb: mb(idle.rssKb),
      connected_rss_mb: connected ? mb(connected.rssKb) : null,
      connected_pss_mb: connected ? mb(connected.pssKb) : null,
      kb_per_idle_reader_rss: perReaderKb,
      kb_per_idle_reader_pss: perReaderPssKb,
      server_cpu_ms_per_update:
        cpuAtConnected !== null && cpuAtPublished !== null && result.published
          ? Math.round(((cpuAtPublished - cpuAtConnected) / result.published) * 1000 * 10) / 10
          : null,
      harness_exit: code,
      payload_bytes: server === 'sitrep' ? undefined : refPad,
      machine_busy_pct_before: busyBefore === null ? null : Math.round(busyBefore),
    }
    process.stdout.write(JSON.stringify(result) + '\n')
    return result
  } finally {
    await stop(s.child, s.stopSignal)
  }
}

const mb = (kb) => Math.round((kb / 1024) * 10) / 10

// ---------------------------------------------------------------------------------------------
// Reporting

const f = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d))
const median = (xs) => {
  const a = xs.filter((x) => x !== null && x !== undefined).sort((x, y) => x - y)
  if (!a.length) return null
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2
}

function table(results) {
  const rows = [
    '| server | readers | rep | connected | delivered % | p50 ms | p95 ms | p99 ms | max ms | fan-out done p50 / max ms | publish RTT p50 ms | server CPU % publish | server CPU ms per update | RSS idle → connected MB | KB per idle reader (RSS / PSS) | harness CPU % | other CPU % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of results) {
    const b = r.bench
    rows.push(
      `| ${b.server} | ${r.subscribers} | ${b.rep} | ${r.connected} | ${f(r.delivered_pct, 2)} | ` +
        `${f(r.lat_ms.p50)} | ${f(r.lat_ms.p95)} | ${f(r.lat_ms.p99)} | ${f(r.lat_ms.max)} | ` +
        `${f(r.fanout_complete_ms.p50)} / ${f(r.fanout_complete_ms.max)} | ${f(r.publish.rtt_ms.p50)} | ` +
        `${f(r.server?.cpu_pct_publish, 0)} | ${f(b.server_cpu_ms_per_update)} | ${f(b.idle_rss_mb, 0)} → ${f(b.connected_rss_mb, 0)} | ` +
        `${f(b.kb_per_idle_reader_rss)} / ${f(b.kb_per_idle_reader_pss)} | ${f(r.harness.cpu_pct_publish, 0)} | ` +
        `${f(r.machine_cpu_pct?.unattributed_publish, 0)}${noisy(r) ? ' (noisy)' : ''} |`,
    )
  }
  return rows.join('\n')
}

/** Other processes used more than half a core while this run published: its figures are suspect. */
const noisy = (r) => (r.machine_cpu_pct?.unattributed_publish ?? 0) > 50

/** Per reader count: Sitrep against the target (100 % delivered, p99 within 2x the Node server's). */
function verdicts(results) {
  const lines = []
  for (const n of readerCounts) {
    const of = (server) => results.filter((r) => r.bench.server === server && r.bench.readers === n)
    const sitrep = of('sitrep')
    if (!sitrep.length) continue
    const delivered = Math.min(...sitrep.map((r) => r.delivered_pct))
    const p99 = median(sitrep.map((r) => r.lat_ms.p99))
    const node = of('node')
    const nodeP99 = median(node.map((r) => r.lat_ms.p99))
    const kb = median(sitrep.map((r) => r.bench.kb_per_idle_reader_rss))
    let line = `- ${n} readers: Sitrep delivered ${f(delivered, 2)} % ${delivered === 100 ? '(ok)' : '(SHORT: target 100 %)'}; p99 ${f(p99)} ms`
    if (nodeP99) {
      const ratio = p99 / nodeP99
      line += ` vs the Node server's ${f(nodeP99)} ms = ${f(ratio, 2)}x ${ratio <= 2 ? '(ok: within 2x)' : '(SHORT: target within 2x)'}`
    } else line += ' (no Node baseline run to compare with)'
    const nchan = median(of('nchan').map((r) => r.lat_ms.p99))
    if (nchan) line += `; nchan p99 ${f(nchan)} ms`
    line += `; ${f(kb)} KB RSS per idle reader`
    const noisyRuns = results.filter((r) => r.bench.readers === n && noisy(r)).length
    if (noisyRuns)
      line += ` — ${noisyRuns} of these runs were noisy (other processes used over half a core): re-run on a quiet machine before trusting the ratio`
    lines.push(line)
  }
  return lines.join('\n')
}

function appendResults(results) {
  const nginxV = servers.includes('nchan')
    ? spawnSync(which('nginx'), ['-v'], { encoding: 'utf8' })
        .stderr.trim()
        .replace(/^nginx version: /, '')
    : null
  const commit = execOut(() =>
    execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }),
  )
  const dirty = execOut(() =>
    execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT, encoding: 'utf8' }),
  )
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const md = [
    '',
    `## SSE fan-out — ${date}, ${readerCounts.join(', ')} readers × ${messages} updates, ${intervalMs} ms apart`,
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}` +
      (nginxV ? `, ${nginxV}` : '') +
      `; Sitrep ${commit ?? '?'}${dirty ? ' + uncommitted changes in src/' : ''}, SITREP_LOG_LEVEL=${o['log-level']}, SQLite; ` +
      `open-file limit ${fd.soft}. Harness: ${path.relative(ROOT, path.resolve(o['harness-dir'])) || '.'}/sse-fanout.mjs on the same cores.`,
    ...(o.note ? ['', o.note] : []),
    '',
    table(results),
    '',
    verdicts(results),
    '',
    '<details><summary>JSON, one line per run</summary>',
    '',
    '```jsonl',
    ...results.map((r) => JSON.stringify(r)),
    '```',
    '',
    '</details>',
    '',
  ].join('\n')
  const file = path.resolve(o.results)
  if (!fs.existsSync(file)) fs.writeFileSync(file, RESULTS_HEADER)
  fs.appendFileSync(file, md)
  log(`appended to ${path.relative(process.cwd(), file)}`)
}

function execOut(fn) {
  try {
    const out = fn()
    return String(out ?? '').trim() || null
  } catch (e) {
    return String(e.stderr ?? '').trim() || null
  }
}

const RESULTS_HEADER = `# Benchmark results

Each harness appends its runs here with the date, the machine and the commit (see bench/README.md).
`

// ---------------------------------------------------------------------------------------------

async function main() {
  const harnessDir = preflight()
  if (servers.includes('sitrep')) sitrepApp()
  log(
    `readers ${readerCounts.join(',')}, ${messages} updates every ${intervalMs} ms, servers ${servers.join(',')}, ` +
      `${reps} rep(s); open-file limit ${fd.soft}/${fd.hard}; Sitrep log level ${o['log-level']}; work dir ${WORK}`,
  )
  const results = []
  let first = true
  for (const n of readerCounts) {
    for (let rep = 1; rep <= reps; rep++) {
      for (const server of servers) {
        if (!first) await sleep(pauseS * 1000)
        first = false
        results.push(await runOnce(harnessDir, server, n, rep))
      }
    }
  }
  process.stdout.write('\n' + table(results) + '\n\n' + verdicts(results) + '\n')
  if (!o['no-append']) appendResults(results)
  fs.rmSync(WORK, { recursive: true, force: true })
}

// ---------------------------------------------------------------------------------------------
// Entry (last, so every module-level constant above is initialised)

if (fd.soft < fd.hard && !process.env.BENCH_FANOUT_ULIMIT_TRIED) {
  const target = fd.hard === Infinity ? 'unlimited' : String(fd.hard)
  const child = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${target} 2>/dev/null; exec "$0" "$@"`,
      process.execPath,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_FANOUT_ULIMIT_TRIED: '1' } },
  )
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
} else {
  main().catch((error) => {
    process.stderr.write(`bench:fanout: ${error?.message ?? error}\n`)
    process.exitCode = 1
    stopAll()
  })
}
