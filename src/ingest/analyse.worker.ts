/** @module ingest/analyse.worker — a worker thread of the extraction pool: one import analysis or feed document per task. */
import { analyseImport, type AnalyseInput, type AnalyseResult } from './analyse.js'
import { loadPlaceIndex } from './entities/place-index.js'
import { tagPartsOfSpeech } from './extract/parts-of-speech.js'
import { parseFeedDocument, type ParsedFeed } from './feeds/parse-feed.js'
import type { FeedInput } from './pool.js'

// Loaded while the thread starts, before it takes a task: the gazetteer and the tagger's model
// take about a second, which is then paid by neither the first import nor the event loop.
await loadPlaceIndex()
tagPartsOfSpeech('The ministry said so.')

export default function analyse(input: AnalyseInput): Promise<AnalyseResult> {
  return analyseImport(input, loadPlaceIndex)
}

/** A fetched feed document: XML or JSON parsing of up to the fetch cap stays off the event loop. */
export function parseFeed({ body, limits }: FeedInput): ParsedFeed {
  return parseFeedDocument(body, limits)
}
