/** @module server/api/inbox/inbox.routes — /api/v1/stories/:slug/inbox: review what imports made. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicClaim } from '../../../core/claim-shape.js'
import type { ClaimSuggestion } from '../../../core/inbox.js'
import { publicUpdate } from '../../../core/public-shape.js'
import { parseIfMatch } from '../../../core/version.js'
import type { InboxDraftView } from '../../../services/inbox.service.js'
import type { Services } from '../../../services/services.js'
import type { InboxEntrySummary } from '../../../storage/repositories/inbox.repository.js'
import { actionContext, requireActor } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import {
  DraftDecisionBody,
  DraftParams,
  EntryParams,
  EntrySchema,
  EntrySummarySchema,
  InboxDraftSchema,
  SuggestionDecisionBody,
  SuggestionDecisionSchema,
  SuggestionParams,
} from './inbox.schema.js'

const presentSummary = (e: InboxEntrySummary) => ({
  id: e.id,
  origin: e.origin,
  format: e.format,
  dateline: e.dateline,
  created_by: e.createdBy,
  created_at: e.createdAt,
  text_length: e.textLength,
  drafts: e.drafts,
  pending_drafts: e.pendingDrafts,
  suggestions: e.suggestions,
  pending_suggestions: e.pendingSuggestions,
})

const presentDraft = (d: InboxDraftView, slug: string) => ({
  update_id: d.updateId,
  role: d.role,
  spans: d.spans,
  state: d.state,
  decided_by: d.decidedBy,
  decided_at: d.decidedAt,
  ...(d.update ? { update: publicUpdate(d.update, slug) } : {}),
})

const presentSuggestion = (
  s: ClaimSuggestion & { matches?: Array<{ id: string; proposition: string; status: string }> },
) => ({
  id: s.id,
  proposition: s.proposition,
  key: s.key,
  subjects: s.subjects,
  statements: s.statements.map((st) => ({
    source_id: st.sourceId,
    source_name: st.sourceName,
    source_kind: st.sourceKind,
    source: st.source,
    cue: st.cue,
    content: st.content,
    stance: st.stance,
    date: st.date,
    date_from: st.dateFrom,
    update_id: st.updateId,
  })),
  state: s.state,
  claim_id: s.claimId,
  decided_by: s.decidedBy,
  decided_at: s.decidedAt,
  matches: s.matches ?? [],
})

export const inboxRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories/:slug/inbox',
      {
        schema: {
          tags: ['inbox'],
          summary: 'Imported texts of a story, newest first, with what still waits (contributors+)',
          security: [{ bearer: [] }],
          params: SlugParams,
          response: {
            200: Type.Object({ items: Type.Array(EntrySummarySchema) }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const items = await services.inbox.listEntries(requireActor(request), request.params.slug)
        reply.header('cache-control', 'private, no-store')
        return { items: items.map(presentSummary) }
      },
    )

    app.get(
      '/stories/:slug/inbox/:entry',
      {
        schema: {
          tags: ['inbox'],
          summary: 'One imported text with its drafts and suggested claims, spans into its text',
          security: [{ bearer: [] }],
          params: EntryParams,
          response: { 200: EntrySchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { slug, entry: id } = request.params
        const { entry, drafts, suggestions, entities } = await services.inbox.getEntry(
          requireActor(request),
          slug,
          id,
        )
        reply.header('cache-control', 'private, no-store')
        return {
          id: entry.id,
          origin: entry.origin,
          format: entry.format,
          dateline: entry.dateline,
          created_by: entry.createdBy,
          created_at: entry.createdAt,
          text: entry.text,
          drafts: drafts.map((d) => presentDraft(d, slug)),
          suggestions: suggestions.map(presentSuggestion),
          entities: entities.map((m) => ({
            kind: m.kind,
            id: m.id,
            name: m.name,
            start: m.start,
            end: m.end,
            text: m.text,
            ...(m.place ? { coordinates: { lat: m.place.lat, lon: m.place.lon } } : {}),
          })),
        }
      },
    )

    app.post(
      '/stories/:slug/inbox/:entry/drafts/:update',
      {
        schema: {
          tags: ['inbox'],
          summary: 'Accept (keep or publish) or reject (delete) an imported draft',
          description:
            'Send If-Match with the draft version to act only on the draft you saw. 409 INBOX_ALREADY_DECIDED when someone decided first.',
          security: [{ bearer: [] }],
          params: DraftParams,
          body: DraftDecisionBody,
          response: {
            200: InboxDraftSchema,
            ...errorResponses(400, 401, 403, 404, 409, 412, 415),
          },
        },
      },
      async (request) => {
        const { slug, entry, update } = request.params
        const draft = await services.inbox.decideDraft(
          actionContext(request),
          slug,
          entry,
          update,
          request.body,
          parseIfMatch(request.headers['if-match']),
        )
        return presentDraft(draft, slug)
      },
    )

    app.post(
      '/stories/:slug/inbox/:entry/suggestions/:suggestion',
      {
        schema: {
          tags: ['inbox'],
          summary:
            'Accept a suggested claim into the ledger (editors), edited if need be, or reject it',
          description:
            'Accepting makes a claim (or adds to `claim_id`) with one statement per chosen source, in one transaction with the decision.',
          security: [{ bearer: [] }],
          params: SuggestionParams,
          body: SuggestionDecisionBody,
          response: {
            200: SuggestionDecisionSchema,
            ...errorResponses(400, 401, 403, 404, 409, 415),
          },
        },
      },
      async (request) => {
        const { slug, entry, suggestion } = request.params
        const body = request.body
        const result = await services.inbox.decideSuggestion(
          actionContext(request),
          slug,
          entry,
          suggestion,
          {
            action: body.action,
            proposition: body.proposition,
            subjects: body.subjects,
            claimId: body.claim_id,
            statements: body.statements?.map((s) => ({
              index: s.index,
              stance: s.stance,
              sourceName: s.source_name,
              sourceKind: s.source_kind,
            })),
          },
        )
        return {
          suggestion: presentSuggestion(result.suggestion),
          ...(result.claim ? { claim: publicClaim(result.claim) } : {}),
        }
      },
    )
  }
