/** @module server/api/updates/updates.schema — request and response schemas for updates. */
import { Type } from 'typebox'
import { SOURCE_KINDS, UPDATE_STATUSES } from '../../../core/update.js'
import { SafeUrl } from '../common.schema.js'

const Media = Type.Object(
  {
    url: SafeUrl,
    caption: Type.String({ maxLength: 2000 }),
    credit: Type.String({ maxLength: 300 }),
    alt: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'Required: a reader who cannot see the image hears this',
    }),
  },
  { additionalProperties: false },
)
const Related = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 300 }), url: SafeUrl },
  { additionalProperties: false },
)
const Source = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    url: Type.Optional(SafeUrl),
    kind: Type.Optional(Type.Union(SOURCE_KINDS.map((k) => Type.Literal(k)))),
  },
  { additionalProperties: false },
)

export const UpdateSchema = Type.Object(
  {
    id: Type.String(),
    story: Type.String({ description: 'Slug of the story' }),
    headline: Type.String(),
    body: Type.String({ description: 'Markdown' }),
    body_html: Type.String({ description: 'The body rendered with raw HTML off and sanitised' }),
    media: Type.Array(Media),
    related: Type.Array(Related),
    sources: Type.Array(
      Type.Object({ name: Type.String(), url: Type.Optional(Type.String()), kind: Type.String() }),
    ),
    pinned: Type.Boolean(),
    key_event: Type.Boolean(),
    status: Type.Union(UPDATE_STATUSES.map((s) => Type.Literal(s))),
    author: Type.String(),
    version: Type.Integer({ description: 'Send as If-Match ("3") to edit' }),
    created_at: Type.String(),
    updated_at: Type.String(),
    published_at: Type.Union([Type.String(), Type.Null()]),
    edited_at: Type.Union([Type.String(), Type.Null()]),
    deleted_at: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Update' },
)

const fields = {
  headline: Type.String({ minLength: 1, maxLength: 300 }),
  body: Type.String({ maxLength: 100_000 }),
  media: Type.Array(Media, { maxItems: 20 }),
  related: Type.Array(Related, { maxItems: 20 }),
  sources: Type.Array(Source, { maxItems: 50 }),
  pinned: Type.Boolean(),
  key_event: Type.Boolean(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
}

export const CreateUpdateBody = Type.Object(
  {
    headline: fields.headline,
    body: Type.Optional(fields.body),
    media: Type.Optional(fields.media),
    related: Type.Optional(fields.related),
    sources: Type.Optional(fields.sources),
    pinned: Type.Optional(fields.pinned),
    key_event: Type.Optional(fields.key_event),
    status: Type.Optional(fields.status),
    author: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Byline; defaults to the token or user name. Contributors may give only their own name',
      }),
    ),
  },
  { additionalProperties: false },
)

export const EditUpdateBody = Type.Object(
  {
    headline: Type.Optional(fields.headline),
    body: Type.Optional(fields.body),
    media: Type.Optional(fields.media),
    related: Type.Optional(fields.related),
    sources: Type.Optional(fields.sources),
    pinned: Type.Optional(fields.pinned),
    key_event: Type.Optional(fields.key_event),
    status: Type.Optional(fields.status),
  },
  { additionalProperties: false },
)

export const UpdateParams = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  id: Type.String({ maxLength: 64 }),
})

export const ListUpdatesQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('published'), Type.Literal('draft'), Type.Literal('all')], {
        default: 'published',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'next_cursor from the previous page' }),
    ),
    pinned: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

export const UpdatePageSchema = Type.Object({
  items: Type.Array(Type.Ref('Update')),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
})

export const RevisionSchema = Type.Object({
  version: Type.Integer(),
  actor: Type.String(),
  created_at: Type.String(),
  update: Type.Ref('Update'),
})
