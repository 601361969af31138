// Attribution extraction against the annotated development set: precision, recall and F1 for
// source, cue and content spans (exact and overlapping), stance accuracy, and documents per second
// on one core. Prints a table and one JSON line; appends a dated section to bench/RESULTS.md.
// Run with `npm run bench:extract` (builds first).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractAttributions } from '../dist/ingest/extract/extract-attributions.js'
import { parseGold } from '../dist/ingest/extract/gold.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dir = path.join(root, 'test/fixtures/extract')
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ann.txt'))
  .sort()
const docs = files.map((f) => ({
  file: f,
  ...parseGold(fs.readFileSync(path.join(dir, f), 'utf8')),
}))

const overlaps = (a, b) => a.start < b.end && b.start < a.end
const same = (a, b) => a.start === b.start && a.end === b.end
const PARTS = ['source', 'cue', 'content']

function score(subset) {
  const t = { gold: 0, predicted: 0, aligned: 0, stance: 0 }
  for (const p of PARTS) t[p] = { exact: 0, overlap: 0 }
  const misses = []
  for (const doc of subset) {
    const predicted = extractAttributions(doc.text)
    t.gold += doc.attributions.length
    t.predicted += predicted.length
    const used = new Set()
    for (const g of doc.attributions) {
      // Align by cue: the attribution the extractor built around the same cue.
      const i = predicted.findIndex((p, j) => !used.has(j) && overlaps(p.cue, g.cue))
      if (i < 0) {
        misses.push(
          `${doc.file}: missed "${doc.text.slice(g.cue.start, g.cue.end)}" (${doc.text.slice(g.source.start, g.source.end)})`,
        )
        continue
      }
      used.add(i)
      const p = predicted[i]
      t.aligned++
      if (p.stance === g.stance) t.stance++
      for (const part of PARTS) {
        if (same(p[part], g[part])) t[part].exact++
        if (overlaps(p[part], g[part])) t[part].overlap++
      }
    }
    predicted.forEach((p, j) => {
      if (!used.has(j)) misses.push(`${doc.file}: spurious "${p.cue.text}" (${p.source.text})`)
    })
  }
  const prf = (tp) => {
    const precision = t.predicted ? tp / t.predicted : 0
    const recall = t.gold ? tp / t.gold : 0
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    return { precision: round(precision), recall: round(recall), f1: round(f1) }
  }
  const result = { documents: subset.length, gold: t.gold, predicted: t.predicted }
  for (const part of PARTS)
    result[part] = { exact: prf(t[part].exact), overlap: prf(t[part].overlap) }
  result.stance_accuracy = round(t.aligned ? t.stance / t.aligned : 0)
  return { result, misses }
}
const round = (x) => Math.round(x * 1000) / 1000

function throughput() {
  // 5 KB documents cut from the development texts, as wire copy arrives.
  const all = docs.map((d) => d.text).join('\n\n')
  const pieces = []
  for (let i = 0; i + 5000 <= all.length; i += 2500) pieces.push(all.slice(i, i + 5000))
  for (let i = 0; i < 50; i++) extractAttributions(pieces[i % pieces.length])
  // CPU time, not wall time: on a shared machine other processes would otherwise count against us.
  let n = 0
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  let busy = 0
  while (busy < 3) {
    extractAttributions(pieces[n % pieces.length])
    n++
    const used = process.cpuUsage(cpu)
    busy = (used.user + used.system) / 1e6
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  return {
    docs_per_second: Math.round(n / busy),
    docs_per_wall_second: Math.round(n / wall),
    document_bytes: 5000,
  }
}

const dev = score(docs.filter((d) => !d.file.startsWith('heldout-')))
const heldout = score(docs.filter((d) => d.file.startsWith('heldout-')))
const all = score(docs)
const speed = throughput()

if (process.argv.includes('--misses')) for (const m of all.misses) console.log(m)
const line = (name, r) =>
  PARTS.map(
    (p) =>
      `${name.padEnd(8)} ${p.padEnd(8)} exact P ${r[p].exact.precision.toFixed(2)} R ${r[p].exact.recall.toFixed(2)} F1 ${r[p].exact.f1.toFixed(2)} | overlap P ${r[p].overlap.precision.toFixed(2)} R ${r[p].overlap.recall.toFixed(2)} F1 ${r[p].overlap.f1.toFixed(2)}`,
  ).join('\n')
console.log(
  `${docs.length} documents, ${all.result.gold} gold attributions, ${all.result.predicted} predicted`,
)
console.log(line('all', all.result))
if (heldout.result.documents > 0) console.log(line('heldout', heldout.result))
console.log(
  `stance accuracy (aligned) ${all.result.stance_accuracy}; ${speed.docs_per_second} docs per CPU-second of 5 KB on one core (${speed.docs_per_wall_second} per wall-clock second)`,
)
const summary = {
  bench: 'extract',
  at: new Date().toISOString(),
  node: process.version,
  all: all.result,
  development: dev.result,
  heldout: heldout.result,
  ...speed,
}
console.log(JSON.stringify(summary))

if (!process.argv.includes('--no-write')) {
  const results = path.join(root, 'bench/RESULTS.md')
  const existing = fs.existsSync(results)
    ? fs.readFileSync(results, 'utf8')
    : '# Benchmark results\n'
  const row = (name, r) =>
    `| ${name} | ${r.documents} | ${r.gold} | ${PARTS.map((p) => `${r[p].overlap.precision.toFixed(2)} / ${r[p].overlap.recall.toFixed(2)} / ${r[p].overlap.f1.toFixed(2)}`).join(' | ')} | ${PARTS.map((p) => r[p].exact.f1.toFixed(2)).join(' / ')} |`
  const section = [
    '',
    `### ${summary.at.slice(0, 10)} — attribution extraction (\`npm run bench:extract\`, Node ${process.version})`,
    '',
    '| set | docs | gold | source P / R / F1 (overlap) | cue P / R / F1 (overlap) | content P / R / F1 (overlap) | exact F1 source / cue / content |',
    '|---|---|---|---|---|---|---|',
    row('development', dev.result),
    ...(heldout.result.documents > 0 ? [row('held out', heldout.result)] : []),
    row('all', all.result),
    '',
    `Stance accuracy on aligned attributions: ${all.result.stance_accuracy}. Throughput: ${speed.docs_per_second} documents of 5 KB per CPU-second on one core (${speed.docs_per_wall_second} per wall-clock second on a shared machine).`,
    '',
  ].join('\n')
  const heading = '## Attribution extraction'
  const next = existing.includes(heading)
    ? existing.replace(heading, `${heading}\n${section}`)
    : `${existing.trimEnd()}\n\n${heading}\n${section}`
  fs.writeFileSync(results, next)
}
