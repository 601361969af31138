/** @module server/api/imports/imports.schema — the import request and its report. */
import { Type } from 'typebox'
import { ERRORS, type ErrorCode } from '../../../errors.js'
import { MAX_IMPORT_CHARS } from '../../../services/import.service.js'

/** Route body limit: the largest text plus JSON escaping headroom. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024 // 8 MiB

const Format = Type.Union([Type.Literal('text'), Type.Literal('markdown'), Type.Literal('html')])

export const CreateImportBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: MAX_IMPORT_CHARS,
      description: 'Wire copy in the live-page text format, Markdown or an HTML page',
    }),
    format: Type.Optional(Format),
    file_name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'Named in the report; its extension picks the format when none is given',
      }),
    ),
  },
  { additionalProperties: false },
)

/** A range of UTF-16 code units into the imported text (HTML: the text read from the page). */
export const TextSpan = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  text: Type.String(),
})

export const ImportReportSchema = Type.Object(
  {
    imported: Type.Array(
      Type.Object({
        file: Type.String(),
        format: Format,
        date: Type.Union([Type.String(), Type.Null()]),
        drafts: Type.Array(
          Type.Object({
            id: Type.String(),
            role: Type.Union([
              Type.Literal('lead'),
              Type.Literal('update'),
              Type.Literal('remainder'),
            ]),
            headline: Type.String(),
          }),
        ),
        duplicates: Type.Integer(),
        boilerplate_chars: Type.Integer(),
        suggested_claims: Type.Array(
          Type.Object({
            id: Type.String(),
            proposition: Type.String(),
            key: Type.String(),
            statements: Type.Array(
              Type.Object({
                source_id: Type.Union([Type.String(), Type.Null()]),
                source_name: Type.Union([Type.String(), Type.Null()]),
                stance: Type.String(),
                source: TextSpan,
                cue: TextSpan,
                content: TextSpan,
                date: Type.Union([Type.String(), Type.Null()]),
                date_from: Type.Union([Type.String(), Type.Null()]),
                update_id: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          {
            description:
              'Waiting in the inbox for the verification desk; no Claim exists until one is accepted',
          },
        ),
        entry_id: Type.Union([Type.String(), Type.Null()], {
          description: 'The inbox entry to review this text in',
        }),
      }),
    ),
    skipped: Type.Array(
      Type.Object({
        file: Type.String(),
        code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.keys(ERRORS) }),
        message: Type.String(),
      }),
    ),
  },
  { description: 'What the import made and what it skipped, with a code for each' },
)
