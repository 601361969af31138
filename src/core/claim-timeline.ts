/** @module core/claim-timeline — lays out a claim's statements and verdicts on a time axis, one lane per source. */
import {
  STANCE_LABELS,
  STATUS_LABELS,
  chronological,
  statedTime,
  type Attribution,
  type ClaimRevision,
  type ClaimStatus,
  type Source,
  type Stance,
} from './claim.js'

const DAY_MS = 86_400_000

export interface TimelineMark {
  x: number
  y: number
  stance: Stance
  /** For the mark's tooltip and the text alternative. */
  label: string
  attributionId: string
}

export interface TimelineVerdict {
  x: number
  status: ClaimStatus
  label: string
}

export interface TimelineLayout {
  width: number
  height: number
  /** Left edge of the plot; lane names sit to its left. */
  plotLeft: number
  plotRight: number
  /** The verdict lane's y; source lanes follow below. */
  verdictY: number
  axisY: number
  lanes: Array<{ sourceId: string; name: string; y: number }>
  /** Midnight (UTC) of each labelled day. */
  ticks: Array<{ x: number; at: string }>
  marks: TimelineMark[]
  verdicts: TimelineVerdict[]
}

export interface TimelineOptions {
  width?: number
  laneHeight?: number
  plotLeft?: number
}

/**
 * Places each statement at its time on its source's lane (sources in order of first statement)
 * and each verdict on a lane of its own above them. Pure geometry: the page draws it as SVG.
 */
export function layoutTimeline(
  attributions: readonly Attribution[],
  sources: ReadonlyMap<string, Pick<Source, 'id' | 'name'>>,
  revisions: readonly ClaimRevision[],
  options: TimelineOptions = {},
): TimelineLayout {
  const width = options.width ?? 720
  const laneHeight = options.laneHeight ?? 34
  const plotLeft = options.plotLeft ?? 200
  const plotRight = width - 24
  const ordered = chronological(attributions)
  const verdictRevisions = revisions.filter((r) => r.change === 'status')

  const laneOrder: string[] = []
  for (const a of ordered) if (!laneOrder.includes(a.sourceId)) laneOrder.push(a.sourceId)
  const verdictY = 28
  const lanes = laneOrder.map((sourceId, i) => ({
    sourceId,
    name: sources.get(sourceId)?.name ?? '',
    y: verdictY + laneHeight * (i + 1),
  }))
  const axisY = verdictY + laneHeight * (lanes.length + 1) - laneHeight / 2
  const height = axisY + 30

  const times = [
    ...ordered.map((a) => Date.parse(statedTime(a))),
    ...verdictRevisions.map((r) => Date.parse(r.createdAt)),
  ]
  let start = times.length > 0 ? Math.min(...times) : 0
  let end = times.length > 0 ? Math.max(...times) : DAY_MS
  // A single moment still needs a span to be drawn on; pad by half a day either side.
  if (end - start < DAY_MS / 2) {
    start -= DAY_MS / 4
    end += DAY_MS / 4
  }
  const pad = (end - start) * 0.04
  start -= pad
  end += pad
  const x = (t: number): number =>
    Math.round((plotLeft + ((t - start) / (end - start)) * (plotRight - plotLeft)) * 10) / 10

  const ticks: TimelineLayout['ticks'] = []
  const days = Math.ceil((end - start) / DAY_MS)
  const every = Math.max(1, Math.ceil(days / 8))
  for (let t = Math.ceil(start / DAY_MS) * DAY_MS, i = 0; t <= end; t += DAY_MS, i++)
    if (i % every === 0) ticks.push({ x: x(t), at: new Date(t).toISOString() })

  const laneOf = new Map(lanes.map((l) => [l.sourceId, l.y]))
  return {
    width,
    height,
    plotLeft,
    plotRight,
    verdictY,
    axisY,
    lanes,
    ticks,
    marks: ordered.map((a) => ({
      x: x(Date.parse(statedTime(a))),
      y: laneOf.get(a.sourceId) ?? verdictY,
      stance: a.stance,
      label: `${sources.get(a.sourceId)?.name ?? ''} ${STANCE_LABELS[a.stance]}`,
      attributionId: a.id,
    })),
    verdicts: verdictRevisions.map((r) => ({
      x: x(Date.parse(r.createdAt)),
      status: r.status,
      label: `Verdict: ${STATUS_LABELS[r.status]}`,
    })),
  }
}
