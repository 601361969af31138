/** @module server/api/claims/claims.schema — request and response schemas for claims and attributions. */
import { Type } from 'typebox'
import {
  CLAIM_CHANGES,
  CLAIM_STATUSES,
  STANCES,
  type ClaimStatus,
  type Stance,
} from '../../../core/claim.js'
import { SafeUrl } from '../common.schema.js'
import { SourceKindSchema } from '../sources/sources.schema.js'

// Plain enums (not unions of literals) so a wrong value is one clear error listing the allowed ones.
export const StanceSchema = Type.Unsafe<Stance>({
  type: 'string',
  enum: [...STANCES],
  description: 'What the source says about the claim',
})
export const ClaimStatusSchema = Type.Unsafe<ClaimStatus>({
  type: 'string',
  enum: [...CLAIM_STATUSES],
})
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

const Proposition = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The claim in plain words, e.g. "Norland forces control Veldra"',
})
const Subjects = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 20,
  description: 'Places, organisations or people the claim is about',
})

export const AttributionSchema = Type.Object(
  {
    id: Type.String(),
    claim_id: Type.String(),
    source: Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      affiliation: Nullable(Type.String()),
      description: Type.String(),
    }),
    stance: StanceSchema,
    quote: Type.String({ description: 'The quote or a paraphrase, plain text' }),
    stated_at: Nullable(Type.String({ description: 'When the source said it, if known' })),
    stated_from: Nullable(
      Type.String({ description: 'When only a span is known: its first moment' }),
    ),
    stated_to: Nullable(Type.String({ description: 'When only a span is known: its last moment' })),
    recorded_at: Type.String({ description: 'When it was recorded in the ledger' }),
    update_id: Nullable(Type.String({ description: 'The update that reported it' })),
    evidence_url: Nullable(Type.String()),
    recorded_by: Type.String(),
    version: Type.Integer({ description: 'Send as If-Match ("2") to correct it' }),
    corrected_at: Nullable(Type.String({ description: 'When it was last corrected' })),
    correction_reason: Nullable(Type.String({ description: 'Why it was last corrected' })),
    withdrawn_at: Nullable(
      Type.String({
        description: 'Set when withdrawn as recorded by mistake; it then counts for nothing',
      }),
    ),
    withdrawn_by: Nullable(Type.String()),
    withdrawn_reason: Nullable(Type.String()),
  },
  { $id: 'Attribution' },
)

const summaryFields = {
  id: Type.String(),
  stories: Type.Array(Type.String(), { description: 'Slugs of the stories it appears in' }),
  proposition: Type.String(),
  subjects: Type.Array(Type.String()),
  status: ClaimStatusSchema,
  note: Type.String({ description: 'Why the newsroom gave its verdict' }),
  suggested_status: ClaimStatusSchema,
  derivation: Type.Array(Type.String(), {
    description: 'Why the statements suggest that status, in words; the last line concludes',
  }),
  verdict_at: Nullable(Type.String()),
  verdict_by: Nullable(Type.String()),
  version: Type.Integer({ description: 'Send as If-Match ("3") to edit' }),
  merged_into: Nullable(Type.String({ description: 'Set when this claim duplicated another' })),
  first_stated_at: Nullable(Type.String()),
  stances: Type.Array(Type.Object({ stance: StanceSchema, sources: Type.Array(Type.String()) }), {
    description:
      'Who stands where: each source once, under its latest counted statement, groups in reading order',
  }),
  attribution_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
}

export const ClaimSummarySchema = Type.Object(summaryFields, { $id: 'ClaimSummary' })

export const ClaimRevisionSchema = Type.Object({
  version: Type.Integer(),
  change: Type.Unsafe<string>({ type: 'string', enum: [...CLAIM_CHANGES] }),
  status: ClaimStatusSchema,
  suggested_status: ClaimStatusSchema,
  proposition: Type.String(),
  note: Type.String(),
  detail: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  actor: Type.String(),
  at: Type.String(),
})

export const ClaimSchema = Type.Object(
  {
    ...summaryFields,
    attributions: Type.Array(Type.Ref('Attribution'), { description: 'Oldest statement first' }),
    history: Type.Array(ClaimRevisionSchema, {
      description: 'Every version, oldest first: who changed what, when and why',
    }),
  },
  { $id: 'Claim' },
)

export const CreateClaimBody = Type.Object(
  { proposition: Proposition, subjects: Type.Optional(Subjects) },
  { additionalProperties: false },
)

export const EditClaimBody = Type.Object(
  {
    status: Type.Optional(ClaimStatusSchema),
    note: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Why; required when the status changes' }),
    ),
    proposition: Type.Optional(Proposition),
    subjects: Type.Optional(Subjects),
  },
  { additionalProperties: false },
)

export const CreateAttributionBody = Type.Object(
  {
    source: Type.Object(
      {
        id: Type.Optional(Type.String({ maxLength: 64, description: 'An existing source' })),
        name: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'Found by name or alias; a new source is created when none matches',
          }),
        ),
        kind: Type.Optional(SourceKindSchema),
        affiliation: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
        description: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false, description: 'Give `id` or `name`' },
    ),
    stance: StanceSchema,
    quote: Type.Optional(Type.String({ maxLength: 5000 })),
    stated_at: Type.Optional(
      Type.String({ maxLength: 40, description: 'ISO 8601 with a zone; when the source said it' }),
    ),
    stated_from: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          'When only a span is known ("earlier this week"): its first day (2026-03-02, UTC) or moment; with stated_to, instead of stated_at',
      }),
    ),
    stated_to: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'The span’s last day or moment; not before stated_from',
      }),
    ),
    update_id: Type.Optional(
      Type.String({ maxLength: 64, description: 'A published update of a story of this claim' }),
    ),
    evidence_url: Type.Optional(SafeUrl),
  },
  { additionalProperties: false },
)

export const AttributionCreatedSchema = Type.Object({
  ...AttributionSchema.properties,
  claim: Type.Ref('ClaimSummary'),
})

export const MergeBody = Type.Object(
  {
    into: Type.String({ minLength: 1, maxLength: 64, description: 'The id of the one to keep' }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

export const ClaimParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
export const StoryClaimParams = Type.Object({
  slug: Type.String({ maxLength: 80 }),
  id: Type.String({ maxLength: 64 }),
})

export const ClaimListQuery = Type.Object(
  { status: Type.Optional(ClaimStatusSchema) },
  { additionalProperties: false },
)
