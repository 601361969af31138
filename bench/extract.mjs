// Attribution extraction measured two ways, side by side:
// - GUM (../shared/corpora/gum, read at run time, never copied here; bench/gum.mjs), split once
//   into a tuning part and a test part (bench/gum-split.json). An extracted attribution matches a
//   GUM relation when its content overlaps the relation's content (the nucleus) and its source or
//   cue overlaps the attributing unit (the satellite); content overlap alone and source/cue overlap
//   alone are reported too, with precision, recall and F1, per genre.
// - The development texts test/fixtures/extract/dev-*.ann.txt (written for Sitrep and read while
//   writing the rules, so not held out): source, cue and content spans, exact and overlapping,
//   and stance accuracy.
// Then documents of 5 KB per CPU-second on one core. Prints tables and one JSON line; appends a
// dated section to bench/RESULTS.md. `--misses` lists the misses of the dev texts and of the GUM
// tuning part only (never the test part); `--no-write` leaves RESULTS.md alone.
// Run with `npm run bench:extract` (builds first).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractAttributions } from '../dist/ingest/extract/extract-attributions.js'
import { parseGold } from '../dist/ingest/extract/gold.js'
import { loadGum } from './gum.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const dir = path.join(root, 'test/fixtures/extract')
const files = fs
  .readdirSync(dir)
  .filter((f) => f.startsWith('dev-') && f.endsWith('.ann.txt'))
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

// GUM: one-to-one alignment of extracted attributions with GUM relations, under three rules.
const anyOverlap = (span, ranges) => ranges.some((r) => overlaps(span, r))
const RULES = {
  // The rule the figures are judged by: content with the nucleus, and source or cue with the satellite.
  relation: (p, g) =>
    anyOverlap(p.content, g.content) &&
    (anyOverlap(p.source, g.satellite) || anyOverlap(p.cue, g.satellite)),
  content: (p, g) => anyOverlap(p.content, g.content),
  source_or_cue: (p, g) => anyOverlap(p.source, g.satellite) || anyOverlap(p.cue, g.satellite),
}
const prf = (tp, predicted, gold) => {
  const precision = predicted ? tp / predicted : 0
  const recall = gold ? tp / gold : 0
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  return { precision: round(precision), recall: round(recall), f1: round(f1) }
}

function scoreGum(subset, showMisses) {
  const totals = (docsIn) => {
    const t = { documents: docsIn.length, gold: 0, predicted: 0 }
    const tp = { relation: 0, content: 0, source_or_cue: 0 }
    for (const d of docsIn) {
      t.gold += d.relations.length
      t.predicted += d.predicted.length
      for (const rule of Object.keys(RULES)) tp[rule] += d.matched[rule]
    }
    for (const rule of Object.keys(RULES)) t[rule] = prf(tp[rule], t.predicted, t.gold)
    return t
  }
  const misses = []
  for (const d of subset) {
    d.predicted ??= extractAttributions(d.text)
    d.matched = {}
    for (const [rule, match] of Object.entries(RULES)) {
      const used = new Set()
      let n = 0
      for (const g of d.relations) {
        const i = d.predicted.findIndex((p, j) => !used.has(j) && match(p, g))
        if (i < 0) {
          if (showMisses && rule === 'relation') {
            const t = (rs) => rs.map((r) => d.text.slice(r.start, r.end)).join(' … ')
            misses.push(`${d.doc}: missed [${t(g.satellite)}] → ${t(g.content).slice(0, 160)}`)
          }
          continue
        }
        used.add(i)
        n++
      }
      d.matched[rule] = n
      if (showMisses && rule === 'relation')
        d.predicted.forEach((p, j) => {
          if (!used.has(j))
            misses.push(
              `${d.doc}: spurious "${p.cue.text}" (${p.source.text}) → ${p.content.text.slice(0, 160)}`,
            )
        })
    }
  }
  const genres = [...new Set(subset.map((d) => d.genre))].sort()
  return {
    result: {
      ...totals(subset),
      genres: Object.fromEntries(
        genres.map((g) => [g, totals(subset.filter((d) => d.genre === g))]),
      ),
    },
    misses,
  }
}

const showMisses = process.argv.includes('--misses')
const gum = loadGum(root)
const split = JSON.parse(fs.readFileSync(path.join(root, 'bench/gum-split.json'), 'utf8'))
const gumTuning = gum.available
  ? scoreGum(
      gum.docs.filter((d) => split.tuning.includes(d.doc)),
      showMisses,
    )
  : undefined
// The test part's misses are never printed: nothing may be tuned on it.
const gumTest = gum.available
  ? scoreGum(
      gum.docs.filter((d) => split.test.includes(d.doc)),
      false,
    )
  : undefined
const dev = score(docs)
const speed = throughput()

if (showMisses) for (const m of [...dev.misses, ...(gumTuning?.misses ?? [])]) console.log(m)
const f = (x) => x.toFixed(2)
const trio = (r) => `P ${f(r.precision)} R ${f(r.recall)} F1 ${f(r.f1)}`
if (gum.available) {
  console.log(
    'GUM — match: content overlaps the nucleus AND source or cue overlaps the attributing unit (satellite)',
  )
  for (const [name, part] of [
    ['tuning', gumTuning.result],
    ['test', gumTest.result],
  ]) {
    console.log(
      `${name.padEnd(7)} ${part.documents} docs, ${part.gold} gold, ${part.predicted} predicted | relation ${trio(part.relation)} | content ${trio(part.content)} | source/cue ${trio(part.source_or_cue)}`,
    )
    for (const [genre, g] of Object.entries(part.genres))
      console.log(
        `  ${genre.padEnd(10)} ${String(g.documents).padStart(2)} docs ${String(g.gold).padStart(4)} gold ${String(g.predicted).padStart(4)} predicted | relation ${trio(g.relation)}`,
      )
  }
} else console.log(gum.reason)
const line = (name, r) =>
  PARTS.map(
    (p) =>
      `${name.padEnd(8)} ${p.padEnd(8)} exact P ${r[p].exact.precision.toFixed(2)} R ${r[p].exact.recall.toFixed(2)} F1 ${r[p].exact.f1.toFixed(2)} | overlap P ${r[p].overlap.precision.toFixed(2)} R ${r[p].overlap.recall.toFixed(2)} F1 ${r[p].overlap.f1.toFixed(2)}`,
  ).join('\n')
console.log(
  `dev (our own texts, read while writing the rules: not held out): ${docs.length} documents, ${dev.result.gold} gold attributions, ${dev.result.predicted} predicted`,
)
console.log(line('dev', dev.result))
console.log(
  `stance accuracy (dev, aligned) ${dev.result.stance_accuracy}; ${speed.docs_per_second} docs per CPU-second of 5 KB on one core (${speed.docs_per_wall_second} per wall-clock second)`,
)
const load = fs.existsSync('/proc/loadavg')
  ? Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
  : undefined
const summary = {
  bench: 'extract',
  at: new Date().toISOString(),
  node: process.version,
  load_average_1m: load,
  gum_tuning: gumTuning?.result,
  gum_test: gumTest?.result,
  dev: dev.result,
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
  const cell = (r) => `${f(r.precision)} / ${f(r.recall)} / ${f(r.f1)}`
  const gumRows = []
  if (gum.available)
    for (const [name, part] of [
      ['GUM tuning', gumTuning.result],
      ['GUM test', gumTest.result],
    ]) {
      gumRows.push(
        `| **${name}** | ${part.documents} | ${part.gold} | ${part.predicted} | **${cell(part.relation)}** | ${cell(part.content)} | ${cell(part.source_or_cue)} |`,
      )
      for (const [genre, g] of Object.entries(part.genres))
        gumRows.push(
          `| ${name}: ${genre} | ${g.documents} | ${g.gold} | ${g.predicted} | ${cell(g.relation)} | ${cell(g.content)} | ${cell(g.source_or_cue)} |`,
        )
    }
  const section = [
    '',
    `### ${summary.at.slice(0, 10)} — attribution extraction (\`npm run bench:extract\`, Node ${process.version}, load average ${load ?? '?'} on ${(await import('node:os')).cpus().length} cores)`,
    '',
    ...(gum.available
      ? [
          'GUM (match: content overlaps the nucleus and source or cue overlaps the satellite):',
          '',
          '| set | docs | gold | predicted | relation P / R / F1 | content P / R / F1 | source or cue P / R / F1 |',
          '|---|---|---|---|---|---|---|',
          ...gumRows,
          '',
        ]
      : [`${gum.reason}.`, '']),
    'Development texts (`test/fixtures/extract/dev-*`, not held out):',
    '',
    '| set | docs | gold | source P / R / F1 (overlap) | cue P / R / F1 (overlap) | content P / R / F1 (overlap) | exact F1 source / cue / content |',
    '|---|---|---|---|---|---|---|',
    row('dev', dev.result),
    '',
    `Stance accuracy on aligned dev attributions: ${dev.result.stance_accuracy}. Throughput: ${speed.docs_per_second} documents of 5 KB per CPU-second on one core (${speed.docs_per_wall_second} per wall-clock second on a shared machine).`,
    '',
  ].join('\n')
  const heading = '## Attribution extraction'
  const next = existing.includes(heading)
    ? existing.replace(heading, `${heading}\n${section}`)
    : `${existing.trimEnd()}\n\n${heading}\n${section}`
  fs.writeFileSync(results, next)
}
