/** @module ingest/analyse.worker — a worker thread of the extraction pool: one import analysis per task. */
import { analyseImport, type AnalyseInput, type AnalyseResult } from './analyse.js'
import { loadPlaceIndex } from './entities/place-index.js'
import { tagPartsOfSpeech } from './extract/parts-of-speech.js'

// Loaded while the thread starts, before it takes a task: the gazetteer and the tagger's model
// take about a second, which is then paid by neither the first import nor the event loop.
await loadPlaceIndex()
tagPartsOfSpeech('The ministry said so.')

export default function analyse(input: AnalyseInput): Promise<AnalyseResult> {
  return analyseImport(input, loadPlaceIndex)
}
