// Reads the GUM corpus (../shared/corpora/gum, outside this repository) at run time into gold
// attribution records: { doc, genre, text, relations: [{ source, cue, satellite, content }] }.
// Text comes from the `# text =` lines of dep/*.conllu (one line per paragraph, `# newpar`
// starting a new one), each token placed on its character offsets; relations come from the
// attribution-positive and attribution-negative edges of rst/*.rs4: the satellite (the source and
// the cue, "the ministry said"), its parent (the content), the `attribution_source` signal's tokens
// (the source) and the lexical signals' tokens (the cue). Every span is a list of character
// ranges, since a group of segments, or a content with its satellite inside, need not be one run.
// Nothing from the corpus is written into the project.
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

/** Where the corpus is expected, relative to the repository root. */
export const GUM_DIR = '../shared/corpora/gum'

/**
 * Loads every document, or explains why it cannot.
 * @returns {{ available: boolean, reason?: string, docs: Array<object> }}
 */
export function loadGum(root) {
  const dir = path.resolve(root, GUM_DIR)
  const depDir = path.join(dir, 'dep')
  const rstDir = path.join(dir, 'rst')
  if (!fs.existsSync(depDir) || !fs.existsSync(rstDir))
    return { available: false, reason: `GUM corpus not found at ${dir} (skipped)`, docs: [] }
  const names = fs
    .readdirSync(depDir)
    .filter((f) => f.endsWith('.conllu'))
    .map((f) => f.slice(0, -'.conllu'.length))
    .sort()
  const docs = []
  for (const name of names) {
    const rstFile = path.join(rstDir, `${name}.rs4`)
    if (!fs.existsSync(rstFile)) continue
    const dep = readConllu(fs.readFileSync(path.join(depDir, `${name}.conllu`), 'utf8'))
    const relations = readRelations(fs.readFileSync(rstFile, 'utf8'), dep.tokens, name)
    docs.push({ doc: name, genre: dep.genre ?? name.split('_')[1], text: dep.text, relations })
  }
  return { available: true, docs }
}

/** Text and token offsets from a CoNLL-U file: token n (from 1) is tokens[n - 1]. */
function readConllu(source) {
  const paragraphs = []
  let sentences = []
  const tokens = []
  let genre
  let text = ''
  let pending = [] // word forms of the current sentence
  let sentenceText
  const flushSentence = () => {
    if (sentenceText === undefined) return
    sentences.push({ text: sentenceText, forms: pending })
    sentenceText = undefined
    pending = []
  }
  const flushParagraph = () => {
    flushSentence()
    if (sentences.length > 0) paragraphs.push(sentences)
    sentences = []
  }
  for (const line of source.split('\n')) {
    if (line.startsWith('# meta::genre = ')) genre = line.slice('# meta::genre = '.length).trim()
    else if (line.startsWith('# newpar')) {
      if (!line.startsWith('# newpar_')) flushParagraph()
    } else if (line.startsWith('# text = ')) {
      flushSentence()
      sentenceText = line.slice('# text = '.length)
    } else if (/^\d+\t/.test(line)) pending.push(line.split('\t')[1])
  }
  flushParagraph()
  for (const [p, list] of paragraphs.entries()) {
    if (p > 0) text += '\n'
    for (const [s, sentence] of list.entries()) {
      if (s > 0) text += ' '
      const base = text.length
      text += sentence.text
      let at = 0
      for (const form of sentence.forms) {
        // Word tokens of a contraction ("do", "n't") follow each other in the text.
        const i = sentence.text.indexOf(form, at)
        if (i < 0 || i - at > 40) {
          tokens.push({ start: base + at, end: base + at })
          continue
        }
        tokens.push({ start: base + i, end: base + i + form.length })
        at = i + form.length
      }
    }
  }
  return { text, tokens, genre }
}

const attr = (tag, name) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]

/** Attribution relations of an rs4 file, as character ranges over the conllu text. */
function readRelations(xml, tokens, name) {
  const nodes = new Map() // id -> { parent, relname, tokens: number[] (own) }
  let next = 1
  for (const m of xml.matchAll(/<segment\b([^>]*)>([^<]*)<\/segment>/g)) {
    const count = m[2].trim() === '' ? 0 : m[2].trim().split(/\s+/).length
    const own = []
    for (let i = 0; i < count; i++) own.push(next++)
    nodes.set(attr(m[1], 'id'), {
      parent: attr(m[1], 'parent'),
      relname: attr(m[1], 'relname'),
      own,
    })
  }
  if (next - 1 !== tokens.length)
    throw new Error(`${name}: ${next - 1} rst tokens but ${tokens.length} conllu tokens`)
  for (const m of xml.matchAll(/<group\b([^>]*)\/?>/g))
    nodes.set(attr(m[1], 'id'), {
      parent: attr(m[1], 'parent'),
      relname: attr(m[1], 'relname'),
      own: [],
      group: true,
    })
  const children = new Map()
  for (const [id, n] of nodes) {
    if (!n.parent) continue
    const list = children.get(n.parent)
    if (list) list.push(id)
    else children.set(n.parent, [id])
  }
  // A group covers all its descendants; a segment only its own tokens (its satellites belong to
  // the span above it).
  const all = (id, seen) => {
    if (seen.has(id)) return []
    seen.add(id)
    return [...(nodes.get(id)?.own ?? []), ...(children.get(id) ?? []).flatMap((c) => all(c, seen))]
  }
  const cover = (id) => (nodes.get(id)?.group ? all(id, new Set()) : (nodes.get(id)?.own ?? []))
  const signals = new Map() // node id -> { source: number[], cue: number[] }
  for (const m of xml.matchAll(/<signal\b([^>]*)\/>/g)) {
    const id = attr(m[1], 'source')
    const type = attr(m[1], 'type')
    const subtype = attr(m[1], 'subtype')
    const toks = (attr(m[1], 'tokens') ?? '').split(',').filter(Boolean).map(Number)
    const entry = signals.get(id) ?? { source: [], cue: [] }
    if (subtype === 'attribution_source') entry.source.push(...toks)
    else if (type === 'lexical') entry.cue.push(...toks)
    signals.set(id, entry)
  }
  const ranges = (list) => {
    const sorted = [...new Set(list)].sort((a, b) => a - b)
    const out = []
    for (const t of sorted) {
      const tok = tokens[t - 1]
      if (!tok) continue
      const last = out.at(-1)
      if (last && last.lastToken === t - 1) {
        last.end = tok.end
        last.lastToken = t
      } else out.push({ start: tok.start, end: tok.end, lastToken: t })
    }
    return out.map(({ start, end }) => ({ start, end }))
  }
  const relations = []
  for (const [id, n] of nodes) {
    if (!/^attribution-(?:positive|negative)$/.test(n.relname ?? '')) continue
    const satelliteTokens = n.group ? cover(id) : n.own
    const inSatellite = new Set(satelliteTokens)
    const parent = nodes.get(n.parent)
    if (!parent) continue
    const contentTokens = (parent.group ? cover(n.parent) : parent.own).filter(
      (t) => !inSatellite.has(t),
    )
    const sig = signals.get(id) ?? { source: [], cue: [] }
    relations.push({
      negative: n.relname === 'attribution-negative',
      satellite: ranges(satelliteTokens),
      content: ranges(contentTokens),
      source: ranges(sig.source),
      cue: ranges(sig.cue.filter((t) => inSatellite.has(t))),
    })
  }
  relations.sort((a, b) => (a.satellite[0]?.start ?? 0) - (b.satellite[0]?.start ?? 0))
  return relations
}

/**
 * The tuning/test split, decided once: within each genre, documents ordered by the SHA-256 of
 * their name, alternately to tuning and test. Written to bench/gum-split.json and read from there.
 */
export function splitGum(docs) {
  const byGenre = new Map()
  for (const d of docs) {
    const list = byGenre.get(d.genre) ?? []
    list.push(d.doc)
    byGenre.set(d.genre, list)
  }
  const tuning = []
  const test = []
  const hash = (s) => crypto.createHash('sha256').update(s).digest('hex')
  for (const [, list] of [...byGenre].sort()) {
    list.sort((a, b) => (hash(a) < hash(b) ? -1 : 1))
    list.forEach((doc, i) => (i % 2 === 0 ? tuning : test).push(doc))
  }
  return { tuning: tuning.sort(), test: test.sort() }
}
