/** @module server/api/sources/sources.schema — request and response schemas for sources. */
import { Type } from 'typebox'
import { SOURCE_KINDS, type SourceKind } from '../../../core/claim.js'

export const SourceKindSchema = Type.Unsafe<SourceKind>({ type: 'string', enum: [...SOURCE_KINDS] })

const Name = Type.String({ minLength: 1, maxLength: 200 })
const Aliases = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 30,
  description: 'Other names it goes by: transliterations, abbreviations',
})
const Affiliation = Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
  description:
    'The side it speaks for ("Norland"); sources sharing one count as one side for the suggested status',
})
const Description = Type.String({ maxLength: 500, description: 'A short "who they are" line' })

export const SourceSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: SourceKindSchema,
    affiliation: Type.Union([Type.String(), Type.Null()]),
    description: Type.String(),
    aliases: Type.Array(Type.String()),
    version: Type.Integer({ description: 'Send as If-Match ("3") to edit' }),
    merged_into: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { $id: 'Source' },
)

export const CreateSourceBody = Type.Object(
  {
    name: Name,
    kind: Type.Optional(SourceKindSchema),
    affiliation: Type.Optional(Affiliation),
    description: Type.Optional(Description),
    aliases: Type.Optional(Aliases),
  },
  { additionalProperties: false },
)

export const EditSourceBody = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(SourceKindSchema),
    affiliation: Type.Optional(Affiliation),
    description: Type.Optional(Description),
    aliases: Type.Optional(Aliases),
  },
  { additionalProperties: false },
)

export const SourceParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

export const SourceSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of a name or alias' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
