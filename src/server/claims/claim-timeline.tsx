/** @module server/claims/claim-timeline — the timeline of statements and verdicts as an SVG picture. */
import type { Stance } from '../../core/claim.js'
import type { TimelineLayout } from '../../core/claim-timeline.js'

export const STANCE_CLASS: Record<Stance, 'for' | 'against' | 'reserve' | 'withdrawn'> = {
  asserts: 'for',
  assesses_likely: 'for',
  denies: 'against',
  assesses_unlikely: 'against',
  declines_to_confirm: 'reserve',
  cautions: 'reserve',
  retracts: 'withdrawn',
}

/** Shape as well as colour, so the picture reads without colour too. */
function Mark(props: { x: number; y: number; stance: Stance; label: string }) {
  const { x, y, stance } = props
  const kind = STANCE_CLASS[stance]
  const title = <title>{props.label}</title>
  if (kind === 'for')
    return (
      <polygon class="tl-for" points={`${x},${y - 8} ${x + 7},${y + 5} ${x - 7},${y + 5}`}>
        {title}
      </polygon>
    )
  if (kind === 'against')
    return (
      <polygon class="tl-against" points={`${x - 7},${y - 5} ${x + 7},${y - 5} ${x},${y + 8}`}>
        {title}
      </polygon>
    )
  if (kind === 'reserve')
    return (
      <circle class="tl-reserve" cx={x} cy={y} r={6}>
        {title}
      </circle>
    )
  return (
    <path
      class="tl-withdrawn"
      d={`M${x - 6},${y - 6}L${x + 6},${y + 6}M${x + 6},${y - 6}L${x - 6},${y + 6}`}
    >
      {title}
    </path>
  )
}

export function ClaimTimeline(props: {
  layout: TimelineLayout
  dayLabel: (iso: string) => string
}) {
  const { layout } = props
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="img"
      aria-labelledby="timeline-title"
    >
      <title id="timeline-title">
        Timeline of statements by source, and of the newsroom's verdicts
      </title>
      <text x={layout.plotLeft - 10} y={layout.verdictY + 4} text-anchor="end" font-weight="600">
        Verdict
      </text>
      <line
        class="tl-lane"
        x1={layout.plotLeft}
        x2={layout.plotRight}
        y1={layout.verdictY}
        y2={layout.verdictY}
      />
      {layout.lanes.map((lane) => (
        <g key={lane.sourceId}>
          <text x={layout.plotLeft - 10} y={lane.y + 4} text-anchor="end">
            {lane.name.length > 30 ? `${lane.name.slice(0, 29)}…` : lane.name}
          </text>
          <line
            class="tl-lane"
            x1={layout.plotLeft}
            x2={layout.plotRight}
            y1={lane.y}
            y2={lane.y}
          />
        </g>
      ))}
      <line
        class="tl-axis"
        x1={layout.plotLeft}
        x2={layout.plotRight}
        y1={layout.axisY}
        y2={layout.axisY}
      />
      {layout.ticks.map((tick) => (
        <g key={tick.at}>
          <line class="tl-axis" x1={tick.x} x2={tick.x} y1={layout.axisY} y2={layout.axisY + 5} />
          <text x={tick.x} y={layout.axisY + 18} text-anchor="middle">
            {props.dayLabel(tick.at)}
          </text>
        </g>
      ))}
      {layout.verdicts.map((v, i) => (
        <rect
          key={`v${i}`}
          class="tl-verdict"
          x={v.x - 5}
          y={layout.verdictY - 5}
          width={10}
          height={10}
          transform={`rotate(45 ${v.x} ${layout.verdictY})`}
        >
          <title>{v.label}</title>
        </rect>
      ))}
      {layout.marks.map((m) => (
        <Mark key={m.attributionId} x={m.x} y={m.y} stance={m.stance} label={m.label} />
      ))}
    </svg>
  )
}
