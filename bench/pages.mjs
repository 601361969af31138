#!/usr/bin/env node
/**
 * bench/pages.mjs — reader pages under load: the story page (a story of 200 updates) and its Atom
 * feed, uncached (200) and revalidated (304), next to nginx serving the same HTML as a static file,
 * on the same machine in the same run.
 *
 *   npm run bench:pages                       # 10 s per scenario, 50 connections
 *   npm run bench:pages -- --duration 5 --no-append
 *
 * One JSON line per scenario on stdout, then a Markdown table appended to bench/RESULTS.md.
 * "uncached" means no validators in the request (a browser's first load, a CDN miss). The server
 * keeps rendered bodies per story event (its ETag), so this measures what a CDN miss costs once
 * the page is rendered; the cold render after each change is measured separately.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    updates: { type: 'string', default: '200' },
    results: { type: 'string', default: path.join(ROOT, 'bench/RESULTS.md') },
    'no-append': { type: 'boolean', default: false },
    note: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (opts.help) {
  console.log(
    'node bench/pages.mjs [--duration S] [--connections N] [--updates N] [--no-append] [--note TEXT]',
  )
  process.exit(0)
}
const DURATION = Number(opts.duration)
const CONNECTIONS = Number(opts.connections)
const UPDATES = Number(opts.updates)
const SLUG = 'bench-pages'

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

async function waitFor(url, child) {
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).status < 500) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })

/** Sentences in the shape of a live day; invented. */
const SENTENCES = [
  'The regional council said water had reached the lower town before dawn.',
  'The operator has not confirmed the report and says engineers are on site.',
  'An analyst group assessed that a partial failure was likely, citing aerial images.',
  'Two days earlier, the ministry had urged caution about early reports.',
  'Shelters in three towns are taking in families from the valley floor.',
  'Police closed the road bridge at Tolle as a precaution.',
]
const bodyOf = (i) =>
  Array.from({ length: 3 }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]).join(' ') +
  `\n\nBulletin **${i}** from the desk.`

async function seed(base, token) {
  const post = async (path, body) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  }
  await post('/api/v1/stories', {
    title: 'Benchmark: dam failure at Lake Orvik',
    slug: SLUG,
    lead: 'Officials say the spillway **gave way**; the operator has not confirmed.',
  })
  for (let i = 1; i <= UPDATES; i++) {
    await post(`/api/v1/stories/${SLUG}/updates`, {
      headline: `Update ${i}: situation in the valley`,
      body: bodyOf(i),
      status: 'published',
      key_event: i % 40 === 0,
      sources: [{ name: 'Civil Protection Office', kind: 'government' }],
      ...(i % 10 === 0
        ? {
            media: [
              {
                url: '/assets/reader/logo.svg',
                caption: 'The spillway from the air',
                credit: 'Nordsat Imaging/Example',
                alt: 'A dam',
              },
            ],
          }
        : {}),
    })
  }
  return post
}

/** Relative times make page ETags change each minute: start a 304 run with time to spare. */
async function awayFromMinuteEdge() {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < (DURATION + 3) * 1000) await new Promise((r) => setTimeout(r, left + 200))
}

function run(name, url, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers }, (error, result) => {
      if (error) return reject(error)
      const codes = Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
      )
      const line = {
        bench: 'pages',
        scenario: name,
        requestsPerSec: Math.round(result.requests.average),
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        bytesPerSec: Math.round(result.throughput.average),
        statusCodes: codes,
        errors: result.errors,
        connections: CONNECTIONS,
        durationS: DURATION,
      }
      console.log(JSON.stringify(line))
      resolve(line)
    })
  })
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-bench-pages-'))
  // nginx workers run as an unprivileged user: they must be able to read the static copy.
  fs.chmodSync(work, 0o755)
  const port = await freePort()
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    SITREP_HOST: '127.0.0.1',
    SITREP_DATA: path.join(work, 'data'),
    SITREP_LOG_LEVEL: 'warn',
  }
  const cli = path.join(ROOT, 'dist/cli/sitrep.js')
  const sitrep = spawn(process.execPath, [cli, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  let nginx
  try {
    await waitFor(`${base}/readyz`, sitrep)
    const token = execFileSync(process.execPath, [cli, 'token', 'create', '--role', 'editor'], {
      env,
    })
      .toString()
      .trim()
      .split('\n')
      .pop()
      .trim()
    const post = await seed(base, token)
    const pagePath = `/stories/${SLUG}`
    const html = await (await fetch(base + pagePath)).text()

    // nginx serves the same bytes as a static file, with its own ETag and 304s.
    const root = path.join(work, 'www')
    fs.mkdirSync(path.join(root, 'stories'), { recursive: true })
    fs.writeFileSync(path.join(root, 'stories', `${SLUG}.html`), html)
    const nginxPort = await freePort()
    const conf = path.join(work, 'nginx.conf')
    fs.writeFileSync(
      conf,
      `worker_processes auto;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  fastcgi_temp_path ${work}/nginx-fastcgi;
  uwsgi_temp_path ${work}/nginx-uwsgi;
  scgi_temp_path ${work}/nginx-scgi;
  types { text/html html; }
  server {
    listen 127.0.0.1:${nginxPort};
    root ${root};
    location / { try_files $uri.html =404; }
  }
}
`,
    )
    nginx = spawn('nginx', ['-c', conf, '-p', work], { stdio: ['ignore', 'ignore', 'inherit'] })
    const nginxUrl = `http://127.0.0.1:${nginxPort}${pagePath}`
    await waitFor(nginxUrl, nginx)

    // Cold renders: each publish invalidates the page; time the first fetch after it.
    const cold = []
    for (let i = 0; i < 15; i++) {
      await post(`/api/v1/stories/${SLUG}/updates`, {
        headline: `Cold render ${i}`,
        body: bodyOf(i),
        status: 'published',
      })
      const t0 = performance.now()
      await (await fetch(base + pagePath)).text()
      cold.push(performance.now() - t0)
    }
    cold.sort((a, b) => a - b)
    const coldMs = { p50: +cold[7].toFixed(1), max: +cold[14].toFixed(1) }
    console.log(
      JSON.stringify({ bench: 'pages', scenario: 'cold render after a change', ms: coldMs }),
    )

    const lines = []
    await fetch(base + pagePath)
    lines.push(await run('story page 200 (no validators)', base + pagePath))
    lines.push(await run('nginx static 200', nginxUrl))
    await awayFromMinuteEdge()
    const pageEtag = (await fetch(base + pagePath)).headers.get('etag')
    lines.push(
      await run('story page 304 (If-None-Match)', base + pagePath, { 'if-none-match': pageEtag }),
    )
    const nginxEtag = (await fetch(nginxUrl)).headers.get('etag')
    lines.push(await run('nginx static 304', nginxUrl, { 'if-none-match': nginxEtag }))
    const feedUrl = `${base}/stories/${SLUG}/feed.atom`
    lines.push(await run('Atom feed 200 (no validators)', feedUrl))
    const feedEtag = (await fetch(feedUrl)).headers.get('etag')
    lines.push(await run('Atom feed 304 (If-None-Match)', feedUrl, { 'if-none-match': feedEtag }))

    const by = Object.fromEntries(lines.map((l) => [l.scenario, l]))
    const rps = (name) => by[name].requestsPerSec
    const ratio200 = rps('story page 200 (no validators)') / rps('nginx static 200')
    const ratio304 = rps('story page 304 (If-None-Match)') / rps('nginx static 304')
    const commit = (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
          .toString()
          .trim()
      } catch {
        return 'unknown'
      }
    })()
    const table = [
      `## Reader pages — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`,
      '',
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, nginx ${nginxVersion()}; ` +
        `autocannon in the same machine, ${CONNECTIONS} connections, ${DURATION} s per scenario. ` +
        `Story of ${UPDATES} updates; the page shows the newest 50 (${Buffer.byteLength(html)} bytes of HTML).`,
      ...(opts.note ? ['', `Note: ${opts.note}`] : []),
      '',
      '| scenario | requests/s | p50 ms | p99 ms | status codes |',
      '| --- | ---: | ---: | ---: | --- |',
      ...lines.map(
        (l) =>
          `| ${l.scenario} | ${l.requestsPerSec} | ${l.latencyP50Ms} | ${l.latencyP99Ms} | ${Object.entries(
            l.statusCodes,
          )
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')} |`,
      ),
      '',
      `Sitrep / nginx: ${ratio200.toFixed(2)} for 200s, ${ratio304.toFixed(2)} for 304s. ` +
        `Cold render of the page after a change: p50 ${coldMs.p50} ms, max ${coldMs.max} ms. ` +
        `Goals: page 200 ≥ 1,000/s (${rps('story page 200 (no validators)') >= 1000 ? 'met' : 'not met'}), ` +
        `304 ≥ 10,000/s (${rps('story page 304 (If-None-Match)') >= 10_000 ? 'met' : 'not met'}).`,
      '',
    ].join('\n')
    console.log(`\n${table}`)
    if (!opts['no-append']) fs.appendFileSync(opts.results, `\n${table}`)
  } finally {
    if (nginx) await stop(nginx)
    await stop(sitrep)
    fs.rmSync(work, { recursive: true, force: true })
  }
}

function nginxVersion() {
  const out = spawnSync('nginx', ['-v'], { encoding: 'utf8' })
  return `${out.stdout ?? ''}${out.stderr ?? ''}`.match(/nginx\/([\d.]+)/)?.[1] ?? 'unknown'
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
