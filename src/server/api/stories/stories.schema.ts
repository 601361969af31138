/** @module server/api/stories/stories.schema — request and response schemas for stories. */
import { Type } from 'typebox'
import { SLUG_PATTERN, STORY_STATUSES } from '../../../core/story.js'

export const StorySchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    lead: Type.String({ description: 'Markdown' }),
    lead_html: Type.String({ description: 'The lead rendered with raw HTML off and sanitised' }),
    developing: Type.Boolean(),
    status: Type.Union(STORY_STATUSES.map((s) => Type.Literal(s))),
    version: Type.Integer({ description: 'Send as If-Match ("3") to edit' }),
    last_event_id: Type.Integer({
      description: 'Sequence number of the latest event; resume the stream from it',
    }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Story' },
)

const Title = Type.String({ minLength: 1, maxLength: 200 })
const Lead = Type.String({ maxLength: 20_000 })
const Status = Type.Union(STORY_STATUSES.map((s) => Type.Literal(s)))

export const CreateStoryBody = Type.Object(
  {
    title: Title,
    slug: Type.Optional(
      Type.String({ pattern: SLUG_PATTERN, description: 'Derived from the title when absent' }),
    ),
    lead: Type.Optional(Lead),
    developing: Type.Optional(Type.Boolean()),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
)

export const EditStoryBody = Type.Object(
  {
    title: Type.Optional(Title),
    lead: Type.Optional(Lead),
    developing: Type.Optional(Type.Boolean()),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
)

export const StoryRevisionSchema = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  lead: Type.String(),
  developing: Type.Boolean(),
  status: Type.String(),
  actor: Type.String(),
  created_at: Type.String(),
})

export const EventSchema = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String(),
  data: Type.Unknown({ description: 'The same JSON the SSE stream sends' }),
})
