/** @module server/api/claims/claims.routes — the claims ledger: /api/v1/stories/:slug/claims and /api/v1/claims/:id. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicAttribution, publicClaim, publicClaimSummary } from '../../../core/claim-shape.js'
import { etagOf, parseIfMatch } from '../../../core/version.js'
import { AppError } from '../../../errors.js'
import type { SourceRef } from '../../../services/claim.service.js'
import type { Services } from '../../../services/services.js'
import { actionContext } from '../../plugins/auth.js'
import { SlugParams, errorResponses } from '../common.schema.js'
import { ledgerCsv, ledgerJson } from './claims.presenter.js'
import {
  AttributionCreatedSchema,
  ClaimListQuery,
  ClaimParams,
  CreateAttributionBody,
  CreateClaimBody,
  EditClaimBody,
  MergeBody,
  StoryClaimParams,
} from './claims.schema.js'

type SourceBody = {
  id?: string
  name?: string
  kind?: Extract<SourceRef, { name: string }>['kind']
  affiliation?: string | null
  description?: string
}

/** `{id}` or `{name, …}`: exactly one way of naming the source. */
export function toSourceRef(body: SourceBody): SourceRef {
  if (body.id !== undefined && body.name === undefined) return { id: body.id }
  if (body.name !== undefined && body.id === undefined && body.name.trim())
    return {
      name: body.name,
      kind: body.kind,
      affiliation: body.affiliation,
      description: body.description,
    }
  throw new AppError(
    'REQUEST_VALIDATION_FAILED',
    'body.source needs either "id" (an existing source) or "name", not both',
    { part: 'body', field: 'source' },
  )
}

export const claimsRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/stories/:slug/claims',
      {
        schema: {
          tags: ['claims'],
          summary: 'The ledger of a story: every claim with its statements and history',
          params: SlugParams,
          querystring: ClaimListQuery,
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref('Claim')) }),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request, reply) => {
        const { views } = await services.claims.listClaims(request.params.slug)
        const status = request.query.status
        reply.header('cache-control', request.actor ? 'private, no-store' : 'public, max-age=5')
        return {
          items: views
            .filter((v) => status === undefined || v.claim.status === status)
            .map(publicClaim),
        }
      },
    )

    app.post(
      '/stories/:slug/claims',
      {
        schema: {
          tags: ['claims'],
          summary: 'Add a claim to the ledger of a story (editors); it starts unverified',
          security: [{ bearer: [] }],
          params: SlugParams,
          body: CreateClaimBody,
          response: { 201: Type.Ref('Claim'), ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const view = await services.claims.createClaim(
          actionContext(request),
          request.params.slug,
          request.body,
        )
        reply
          .status(201)
          .header('etag', etagOf(view.claim.version))
          .header('location', `/api/v1/claims/${view.claim.id}`)
        return publicClaim(view)
      },
    )

    app.put(
      '/stories/:slug/claims/:id',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Make an existing claim appear in this story too (editors); 201 when newly linked, 200 when it already was',
          security: [{ bearer: [] }],
          params: StoryClaimParams,
          response: {
            200: Type.Ref('Claim'),
            201: Type.Ref('Claim'),
            ...errorResponses(401, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const { view, linked } = await services.claims.linkClaim(
          actionContext(request),
          request.params.slug,
          request.params.id,
        )
        reply.status(linked ? 201 : 200).header('etag', etagOf(view.claim.version))
        return publicClaim(view)
      },
    )

    app.get(
      '/stories/:slug/ledger.json',
      {
        schema: {
          tags: ['claims'],
          summary: 'Export the ledger of a story as one JSON document',
          params: SlugParams,
          response: errorResponses(404),
        },
      },
      async (request, reply) => {
        const { story, views } = await services.claims.listClaims(request.params.slug)
        reply.header('content-disposition', `attachment; filename="${story.slug}-claims.json"`)
        return ledgerJson(story, views, new Date())
      },
    )

    app.get(
      '/stories/:slug/ledger.csv',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Export the ledger of a story as CSV: one row per statement (formula-safe for spreadsheets)',
          params: SlugParams,
          response: errorResponses(404),
        },
      },
      async (request, reply) => {
        const { story, views } = await services.claims.listClaims(request.params.slug)
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${story.slug}-claims.csv"`)
        return ledgerCsv(views)
      },
    )

    app.get(
      '/claims/:id',
      {
        schema: {
          tags: ['claims'],
          summary: 'One claim: verdict, suggested status with its reasoning, statements, history',
          params: ClaimParams,
          response: { 200: Type.Ref('Claim'), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const view = await services.claims.getClaim(request.params.id)
        reply.header('etag', etagOf(view.claim.version))
        return publicClaim(view)
      },
    )

    app.patch(
      '/claims/:id',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Give a verdict (status and a note saying why) or correct the wording (editors; If-Match required)',
          security: [{ bearer: [] }],
          params: ClaimParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: EditClaimBody,
          response: {
            200: Type.Ref('Claim'),
            ...errorResponses(400, 401, 403, 404, 409, 412, 428),
          },
        },
      },
      async (request, reply) => {
        const view = await services.claims.editClaim(
          actionContext(request),
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          request.body,
        )
        reply.header('etag', etagOf(view.claim.version))
        return publicClaim(view)
      },
    )

    app.post(
      '/claims/:id/attributions',
      {
        schema: {
          tags: ['claims'],
          summary: 'Record what a source said about the claim (editors)',
          security: [{ bearer: [] }],
          params: ClaimParams,
          body: CreateAttributionBody,
          response: {
            201: AttributionCreatedSchema,
            ...errorResponses(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const body = request.body
        const { view, attribution } = await services.claims.addAttribution(
          actionContext(request),
          request.params.id,
          {
            source: toSourceRef(body.source),
            stance: body.stance,
            quote: body.quote,
            statedAt: body.stated_at,
            statedFrom: body.stated_from,
            statedTo: body.stated_to,
            updateId: body.update_id,
            evidenceUrl: body.evidence_url,
          },
        )
        reply.status(201).header('etag', etagOf(view.claim.version))
        return {
          ...publicAttribution(attribution, view.sources.get(attribution.sourceId)),
          claim: publicClaimSummary(view),
        }
      },
    )

    app.post(
      '/claims/:id/merge',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Merge this duplicate claim into another (editors): statements and stories move over',
          security: [{ bearer: [] }],
          params: ClaimParams,
          body: MergeBody,
          response: { 200: Type.Ref('Claim'), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const view = await services.claims.mergeClaim(
          actionContext(request),
          request.params.id,
          request.body.into,
          request.body.note,
        )
        reply.header('etag', etagOf(view.claim.version))
        return publicClaim(view)
      },
    )
  }
