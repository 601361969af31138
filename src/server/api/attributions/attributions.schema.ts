/** @module server/api/attributions/attributions.schema — request and response schemas for one statement: read, correct, withdraw, versions. */
import { Type } from 'typebox'
import { ATTRIBUTION_CHANGES } from '../../../core/claim.js'
import { SafeUrl } from '../common.schema.js'
import { CreateAttributionBody, StanceSchema } from '../claims/claims.schema.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

const Reason = Type.String({
  maxLength: 2000,
  description: 'Why: required, and shown to readers on the claim page',
})

const TimeField = (description: string) =>
  Type.Optional(Nullable(Type.String({ maxLength: 40, description })))

export const AttributionParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

export const CorrectAttributionBody = Type.Object(
  {
    source: Type.Optional(CreateAttributionBody.properties.source),
    stance: Type.Optional(StanceSchema),
    quote: Type.Optional(Type.String({ maxLength: 5000 })),
    stated_at: TimeField('One moment, ISO 8601 with a zone; null: not known'),
    stated_from: TimeField(
      'A span when only that is known: its first day (2026-03-02) or moment; with stated_to',
    ),
    stated_to: TimeField('The span’s last day or moment; not before stated_from'),
    update_id: Type.Optional(
      Nullable(Type.String({ maxLength: 64, description: 'The update that reported it' })),
    ),
    evidence_url: Type.Optional(Type.Union([SafeUrl, Type.Null()])),
    reason: Reason,
  },
  { additionalProperties: false },
)

export const WithdrawAttributionBody = Type.Object(
  { reason: Reason },
  { additionalProperties: false },
)

export const AttributionRevisionSchema = Type.Object({
  version: Type.Integer(),
  change: Type.Unsafe<string>({ type: 'string', enum: [...ATTRIBUTION_CHANGES] }),
  reason: Type.String({ description: "Why it was corrected or withdrawn; '' as recorded" }),
  actor: Type.String(),
  at: Type.String(),
  source: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  stance: StanceSchema,
  quote: Type.String(),
  stated_at: Nullable(Type.String()),
  stated_from: Nullable(Type.String()),
  stated_to: Nullable(Type.String()),
  update_id: Nullable(Type.String()),
  evidence_url: Nullable(Type.String()),
})
