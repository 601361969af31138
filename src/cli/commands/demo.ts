/** @module cli/commands/demo — `sitrep demo`: a running server with an invented story that keeps moving. */
import { parseArgs } from 'node:util'
import type { Actor } from '../../core/role.js'
import { AppError } from '../../errors.js'
import { cliContext } from '../../services/action.js'
import { startServer, stopOnSignals } from './serve.js'

const DESK: Actor = { name: 'Demo desk', role: 'editor' }
const SLUG = 'demo-harbour-storm'

/** An invented situation: every name and place here is fictional. */
const SCRIPT: Array<{
  headline: string
  body: string
  keyEvent?: boolean
  sources?: Array<{ name: string; kind: 'government' | 'agency' | 'ngo' | 'official' }>
}> = [
  {
    headline: 'Storm surge reaches the old harbour',
    body: 'Water has topped the sea wall along **Quay Street**, the port authority said. Residents of the lower town are asked to move to higher ground.',
    keyEvent: true,
    sources: [{ name: 'Marrow Bay Port Authority', kind: 'official' }],
  },
  {
    headline: 'Ferries suspended until further notice',
    body: 'All crossings to the islands are cancelled for the rest of the day, the ferry operator said in a statement.',
    sources: [{ name: 'Northsound Ferries', kind: 'agency' }],
  },
  {
    headline: 'Mayor: "No one should be on the waterfront"',
    body: 'Mayor Ilse Varga told local radio that emergency crews have evacuated 40 homes. The figure could not be independently confirmed.',
    sources: [{ name: 'Mayor Ilse Varga', kind: 'official' }],
  },
  {
    headline: 'Power cut in three districts',
    body: 'About 12,000 households are without electricity, according to the grid operator, which said repairs would start once winds drop below gale force.',
  },
  {
    headline: 'Red Cross opens two shelters',
    body: 'Shelters at the Linden school and the covered market are open through the night. Volunteers say blankets are running short.',
    sources: [{ name: 'Marrow Bay Red Cross', kind: 'ngo' }],
  },
  {
    headline: 'Coast guard: fishing boat crew rescued',
    body: 'A crew of four was lifted from a drifting trawler off Gull Point, the coast guard said. All are reported safe.',
    keyEvent: true,
  },
  {
    headline: 'Forecasters expect the peak after midnight',
    body: 'The weather service kept its highest warning in place and said the next high tide, at 00:40, is the one to watch.',
    sources: [{ name: 'National Weather Service', kind: 'government' }],
  },
]

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'interval-ms': { type: 'string', default: '5000' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(
      'Usage: sitrep demo [--interval-ms 5000]\n\nRuns the server and publishes an invented update every few seconds.',
    )
    return 0
  }
  const interval = Math.max(500, Number(values['interval-ms']) || 5000)
  const server = await startServer()
  const { stories, updates } = server.runtime.services
  try {
    await stories.createStory(cliContext(DESK), {
      title: 'Storm hits Marrow Bay (demo)',
      slug: SLUG,
      lead: 'A winter storm is pushing the sea into the lower town of Marrow Bay. *This is invented demo coverage.*',
    })
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'STORY_SLUG_TAKEN')) throw error
  }
  let next = 0
  const timer = setInterval(() => {
    const entry = SCRIPT[next % SCRIPT.length]
    if (!entry) return
    const round = Math.floor(next / SCRIPT.length)
    next++
    updates
      .createUpdate(cliContext(DESK), SLUG, {
        headline: round === 0 ? entry.headline : `${entry.headline} (${round + 1})`,
        body: entry.body,
        keyEvent: entry.keyEvent ?? false,
        sources: (entry.sources ?? []).map((s) => ({ name: s.name, kind: s.kind })),
        status: 'published',
      })
      .catch((error: unknown) => server.runtime.logger.error({ err: error }, 'demo update failed'))
  }, interval)
  stopOnSignals(server, () => clearInterval(timer))
  console.log(
    `Sitrep demo is live at ${server.url}/stories/${SLUG}  (a new update every ${interval / 1000} s; Ctrl+C stops)`,
  )
  console.log(
    `  Live stream: ${server.url}/stories/${SLUG}/events   API: ${server.url}/api/v1/stories/${SLUG}/updates`,
  )
  return 0
}
