/** @module server/api/inbox/inbox.schema — the desk inbox: imported texts, their drafts and suggested claims. */
import { Type } from 'typebox'
import { SOURCE_KINDS, type SourceKind } from '../../../core/claim.js'
import { INBOX_STATES, type InboxState } from '../../../core/inbox.js'
import { StanceSchema } from '../claims/claims.schema.js'
import { TextSpan } from '../imports/imports.schema.js'

const Id = Type.String({ minLength: 1, maxLength: 100 })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])
const State = Type.Unsafe<InboxState>({ type: 'string', enum: [...INBOX_STATES] })
const Range = Type.Object({ start: Type.Integer(), end: Type.Integer() })

export const EntryParams = Type.Object({ slug: Type.String({ maxLength: 200 }), entry: Id })
export const DraftParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  entry: Id,
  update: Id,
})
export const SuggestionParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  entry: Id,
  suggestion: Id,
})

export const EntrySummarySchema = Type.Object({
  id: Type.String(),
  origin: Type.String({ description: 'The file name, `request`, or the feed item address' }),
  format: Type.String(),
  dateline: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: Type.String(),
  text_length: Type.Integer(),
  drafts: Type.Integer(),
  pending_drafts: Type.Integer(),
  suggestions: Type.Integer(),
  pending_suggestions: Type.Integer(),
})

export const InboxDraftSchema = Type.Object({
  update_id: Type.String(),
  role: Type.String({ description: 'lead, update or remainder' }),
  spans: Type.Array(Range, { description: 'Where its words are in the entry text' }),
  state: State,
  decided_by: Nullable(Type.String()),
  decided_at: Nullable(Type.String()),
  update: Type.Optional(
    Type.Ref('Update', { description: 'The update as it is now; absent if gone' }),
  ),
})

const Statement = Type.Object({
  source_id: Nullable(Type.String()),
  source_name: Nullable(Type.String()),
  source_kind: Type.Unsafe<string>({ type: 'string', enum: [...SOURCE_KINDS] }),
  source: TextSpan,
  cue: TextSpan,
  content: TextSpan,
  stance: StanceSchema,
  date: Nullable(Type.String()),
  date_from: Nullable(Type.String()),
  update_id: Nullable(Type.String()),
})

export const SuggestionSchema = Type.Object({
  id: Type.String(),
  proposition: Type.String(),
  key: Type.String(),
  subjects: Type.Array(Type.String()),
  statements: Type.Array(Statement),
  state: State,
  claim_id: Nullable(Type.String()),
  decided_by: Nullable(Type.String()),
  decided_at: Nullable(Type.String()),
  matches: Type.Array(
    Type.Object({ id: Type.String(), proposition: Type.String(), status: Type.String() }),
    { description: 'Claims of the story it may be about: accept into one of them instead' },
  ),
})

export const EntrySchema = Type.Object({
  id: Type.String(),
  origin: Type.String(),
  format: Type.String(),
  dateline: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: Type.String(),
  text: Type.String({ description: 'What every span points into (HTML: the text read from it)' }),
  drafts: Type.Array(InboxDraftSchema),
  suggestions: Type.Array(SuggestionSchema),
  entities: Type.Array(
    Type.Object({
      kind: Type.Union([
        Type.Literal('place'),
        Type.Literal('organisation'),
        Type.Literal('person'),
        Type.Literal('equipment'),
      ]),
      id: Type.String(),
      name: Type.String({ description: 'The canonical name ("Kyiv" for "Kiev")' }),
      start: Type.Integer(),
      end: Type.Integer(),
      text: Type.String(),
      coordinates: Type.Optional(
        Type.Object({ lat: Type.Number(), lon: Type.Number() }, { description: 'Places only' }),
      ),
    }),
    { description: 'Named in the text, in reading order (at most 2,000)' },
  ),
})

export const DraftDecisionBody = Type.Object(
  {
    action: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
    publish: Type.Optional(
      Type.Boolean({ description: 'Accept and publish (editors); otherwise it stays a draft' }),
    ),
  },
  { additionalProperties: false },
)

export const SuggestionDecisionBody = Type.Object(
  {
    action: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
    proposition: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    subjects: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    claim_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Add to this claim instead' }),
    ),
    statements: Type.Optional(
      Type.Array(
        Type.Object(
          {
            index: Type.Integer({ minimum: 0, maximum: 10_000 }),
            stance: Type.Optional(StanceSchema),
            source_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            source_kind: Type.Optional(
              Type.Unsafe<SourceKind>({
                type: 'string',
                enum: [...SOURCE_KINDS],
                description: 'The kind a new source gets, chosen by the editor (else the guess)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 500,
          description: 'Which statements to record; all with a resolved source when left out',
        },
      ),
    ),
  },
  { additionalProperties: false },
)

export const SuggestionDecisionSchema = Type.Object({
  suggestion: SuggestionSchema,
  claim: Type.Optional(Type.Ref('Claim', { description: 'The claim, when accepted' })),
})
