/** @module server/api/attributions/attributions.routes — one statement: /api/v1/attributions/:id, its correction, withdrawal and versions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { publicAttribution, publicClaimSummary } from '../../../core/claim-shape.js'
import { etagOf, parseIfMatch } from '../../../core/version.js'
import type { AttributionResult } from '../../../services/attribution.service.js'
import type { Services } from '../../../services/services.js'
import { actionContext } from '../../plugins/auth.js'
import { AttributionCreatedSchema } from '../claims/claims.schema.js'
import { toSourceRef } from '../claims/claims.routes.js'
import { errorResponses } from '../common.schema.js'
import {
  AttributionParams,
  AttributionRevisionSchema,
  CorrectAttributionBody,
  WithdrawAttributionBody,
} from './attributions.schema.js'

/** A statement with the claim it is about, as it now stands. */
const present = ({ attribution, view }: AttributionResult) => ({
  ...publicAttribution(attribution, view.sources.get(attribution.sourceId)),
  claim: publicClaimSummary(view),
})

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String()) })

export const attributionsRoutes =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/attributions/:id',
      {
        schema: {
          tags: ['claims'],
          summary: 'One statement with the claim it is about; its ETag is its version',
          params: AttributionParams,
          response: { 200: AttributionCreatedSchema, ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        const result = await services.attributions.getAttribution(request.params.id)
        reply.header('etag', etagOf(result.attribution.version))
        return present(result)
      },
    )

    app.get(
      '/attributions/:id/revisions',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Every version of a statement, oldest first: as recorded, each correction, a withdrawal',
          params: AttributionParams,
          response: {
            200: Type.Object({ items: Type.Array(AttributionRevisionSchema) }),
            ...errorResponses(404),
          },
        },
      },
      async (request) => {
        const versions = await services.attributions.listRevisions(request.params.id)
        return {
          items: versions.map(({ revision: r, source }) => ({
            version: r.version,
            change: r.change,
            reason: r.reason,
            actor: r.actor,
            at: r.createdAt,
            source: { id: r.sourceId, name: source?.name ?? '', kind: source?.kind ?? 'other' },
            stance: r.stance,
            quote: r.quote,
            stated_at: r.statedAt,
            stated_from: r.statedFrom,
            stated_to: r.statedTo,
            update_id: r.updateId,
            evidence_url: r.evidenceUrl,
          })),
        }
      },
    )

    app.patch(
      '/attributions/:id',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Correct how a statement was recorded (editors; If-Match and a reason required); the old version stays listable',
          security: [{ bearer: [] }],
          params: AttributionParams,
          headers: IfMatchHeaders,
          body: CorrectAttributionBody,
          response: {
            200: AttributionCreatedSchema,
            ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 428),
          },
        },
      },
      async (request, reply) => {
        const body = request.body
        const result = await services.attributions.correctAttribution(
          actionContext(request),
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          {
            source: body.source === undefined ? undefined : toSourceRef(body.source),
            stance: body.stance,
            quote: body.quote,
            statedAt: body.stated_at,
            statedFrom: body.stated_from,
            statedTo: body.stated_to,
            updateId: body.update_id,
            evidenceUrl: body.evidence_url,
            reason: body.reason,
          },
        )
        reply.header('etag', etagOf(result.attribution.version))
        return present(result)
      },
    )

    app.post(
      '/attributions/:id/withdraw',
      {
        schema: {
          tags: ['claims'],
          summary:
            'Withdraw a statement recorded by mistake (editors; a reason required): kept, struck through, counted for nothing; 409 once withdrawn',
          security: [{ bearer: [] }],
          params: AttributionParams,
          headers: IfMatchHeaders,
          body: WithdrawAttributionBody,
          response: {
            200: AttributionCreatedSchema,
            ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const header = request.headers['if-match']
        const result = await services.attributions.withdrawAttribution(
          actionContext(request),
          request.params.id,
          header === undefined ? undefined : parseIfMatch(header),
          request.body.reason,
        )
        reply.header('etag', etagOf(result.attribution.version))
        return present(result)
      },
    )
  }
